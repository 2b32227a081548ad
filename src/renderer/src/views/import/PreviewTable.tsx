// The first rows of the file as they stand, each with the readings it would give or why it
// would be rejected (highlighted). Column headers say which field each column feeds.
import type { ImportMappingPatch, ImportPreview } from '../../../../shared/contract';
import { formatCount } from '../../components/format';
import { CloseIcon } from '../../components/icons';

function roles(mapping: ImportMappingPatch): Map<string, string> {
  const out = new Map<string, string>();
  const add = (column: string | undefined, role: string) => column && out.set(column, role);
  add(mapping.timestamp, 'time');
  add(mapping.deviceColumn, 'device');
  add(mapping.signalColumn, 'signal');
  add(mapping.value, 'value');
  add(mapping.unit, 'unit');
  add(mapping.quality, 'quality');
  for (const c of mapping.exclude ?? []) out.set(c, 'skipped');
  return out;
}

/** Files are read as UTC, so times are shown in UTC too. */
export function utcTime(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').replace('.000Z', 'Z');
}

export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const role = roles(preview.mapping);
  const rowWord = preview.format === 'csv' ? 'Line' : 'Row';
  const bad = preview.rows.filter((r) => r.errors.length > 0).length;
  return (
    <div className="import-preview-wrap">
      <p className="import-preview-caption">
        First {formatCount(preview.rows.length)} rows
        {bad > 0 && (
          <span className="import-bad-count" data-testid="import-bad-rows">
            {' '}
            · {formatCount(bad)} would be rejected
          </span>
        )}
      </p>
      <table className="import-preview" data-testid="import-preview">
        <thead>
          <tr>
            <th scope="col">{rowWord}</th>
            {preview.columns.map((c) => (
              <th key={c} scope="col" data-role={role.get(c)}>
                {c}
                {role.has(c) && <span className="import-role">{role.get(c)}</span>}
              </th>
            ))}
            <th scope="col">Becomes</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.row} data-testid="import-row" data-error={r.errors.length > 0 || undefined}>
              <td className="num">{r.row}</td>
              {preview.columns.map((c, k) => (
                <td key={c}>{r.cells[k] ?? ''}</td>
              ))}
              <td className="import-outcome">
                {r.readings.map((d) => (
                  <div key={`${d.deviceId}/${d.signal}`}>
                    {d.deviceId}/{d.signal} = {d.value}
                    {d.unit && ` ${d.unit}`} · {utcTime(d.ts)}
                    {d.quality !== 'good' && ` · ${d.quality}`}
                  </div>
                ))}
                {r.errors.map((e) => (
                  <div key={e} className="import-row-error" role="note">
                    <CloseIcon className="import-error-icon" /> {e}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
