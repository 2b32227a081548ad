// Analytics → trends (the body TrendPanel.tsx fetches): for the devices chosen (of a kind, of an area, or picked) and a signal or
// every one, where each is heading over the chosen range — direction as an SVG arrow and in
// words, the rate in a unit that suits it, and the span fitted — sortable; a device's name
// opens it at that range (#device/<id>@<preset>). The fit is the Device view's own
// (src/shared/trend-fit.ts, words from components/trend-text.ts), so the two never disagree.
import { useMemo } from 'react';
import { TrendIcon } from '../../../components/icons';
import { DIRECTION_ICON, trendText } from '../../../components/trend-text';
import type { TrendFit } from '../../../../../shared/trend-fit';
import { displayUnit } from '../../../components/format';
import { useAppStore } from '../../../store/app-store';
import { DEFAULT_PRESET, RANGE_PRESETS, isPresetId, type PresetId } from '../../device/history-range';
import type { TrendPanelProps } from './TrendPanel';
import type { TrendParams, TrendSort } from './trend-params';
import { trendRows, trendTargets } from './trend-rows';
import { useTrendPoints } from './use-trend-points';
import './trend-panel.css';
import { queryErrorText } from '../../../api/query-error-text';

const COLUMNS: { sort: TrendSort; label: string }[] = [
  { sort: 'device', label: 'Device' },
  { sort: 'signal', label: 'Signal' },
  { sort: 'direction', label: 'Direction' },
  { sort: 'rate', label: 'Rate' },
];

const uniq = (xs: readonly string[]) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));

export function TrendTable({ params, onChange }: TrendPanelProps) {
  const devices = useAppStore((s) => s.devices);
  const openDevice = useAppStore((s) => s.openDevice);
  const set = (patch: Partial<TrendParams>) => onChange({ ...params, ...patch });

  const kinds = useMemo(() => uniq(devices.map((d) => d.kind)), [devices]);
  const areas = useMemo(() => uniq(devices.map((d) => d.area || '')).filter(Boolean), [devices]);
  const inScope = useMemo(() => trendTargets(devices, { ...params, devices: [], signal: null }), [devices, params]);
  const signals = useMemo(() => uniq(inScope.map((t) => t.signal)), [inScope]);
  const choosable = useMemo(() => [...new Map(inScope.map((t) => [t.device.id, t.device])).values()], [inScope]);
  const targets = useMemo(() => trendTargets(devices, params), [devices, params]);
  const series = useMemo(() => targets.map((t) => t.series), [targets]);

  // A shape-valid preset the Device view does not know (a hand-edited link) reads as the default.
  const preset: PresetId = isPresetId(params.preset) ? params.preset : DEFAULT_PRESET;
  const { answer, loading, error } = useTrendPoints(series, preset);
  const rows = useMemo(
    () => (answer ? trendRows(targets, answer.points, answer.window, params.sort, params.desc) : []),
    [answer, targets, params.sort, params.desc],
  );

  const sortBy = (sort: TrendSort) =>
    set(sort === params.sort ? { desc: !params.desc } : { sort, desc: sort === 'rate' || sort === 'direction' });
  const pick = (id: string, on: boolean) => {
    const now = params.devices.length > 0 ? params.devices : [];
    set({ devices: on ? [...now, id] : now.filter((d) => d !== id) });
  };
  const failed = queryErrorText(error);

  return (
    <section className="trend-panel" aria-labelledby="trend-panel-title" data-testid="trend-panel">
      <h2 id="trend-panel-title" className="trend-panel-title">
        Trends
      </h2>
      <div className="trend-filters">
        <label>
          Range
          <select
            value={preset}
            onChange={(e) => isPresetId(e.target.value) && set({ preset: e.target.value })}
            data-testid="trend-range"
          >
            {RANGE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                last {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select
            value={params.kind ?? ''}
            onChange={(e) => set({ kind: e.target.value || null, devices: [], signal: null })}
            data-testid="trend-kind"
          >
            <option value="">every kind</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {areas.length > 0 && (
          <label>
            Area
            <select
              value={params.area ?? ''}
              onChange={(e) => set({ area: e.target.value || null, devices: [] })}
              data-testid="trend-area"
            >
              <option value="">every area</option>
              {areas.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Signal
          <select
            value={params.signal ?? ''}
            onChange={(e) => set({ signal: e.target.value || null })}
            data-testid="trend-signal"
          >
            <option value="">every signal</option>
            {signals.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <details className="trend-pick">
          <summary data-testid="trend-pick">
            {params.devices.length === 0 ? `All ${choosable.length} devices` : `${params.devices.length} picked`}
          </summary>
          <div className="trend-pick-list">
            {choosable.map((d) => (
              <label key={d.id}>
                <input
                  type="checkbox"
                  checked={params.devices.includes(d.id)}
                  onChange={(e) => pick(d.id, e.target.checked)}
                />
                {d.name || d.id}
              </label>
            ))}
            {params.devices.length > 0 && (
              <button type="button" className="button small" onClick={() => set({ devices: [] })}>
                All devices
              </button>
            )}
          </div>
        </details>
      </div>
      {failed && (
        <p className="trend-error" role="alert">
          Trends unavailable: {failed}
        </p>
      )}
      <div className="trend-table-wrap table-scroll">
        <table
          className="trend-table alarm-table"
          data-testid="trend-table"
          aria-busy={loading}
          data-state={loading ? 'loading' : 'ready'}
        >
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.sort}
                  scope="col"
                  aria-sort={params.sort === c.sort ? (params.desc ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="trend-sort"
                    onClick={() => sortBy(c.sort)}
                    data-testid={`trend-sort-${c.sort}`}
                  >
                    {c.label}
                    {params.sort === c.sort && <span aria-hidden="true">{params.desc ? ' ▾' : ' ▴'}</span>}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.series}
                data-testid="trend-row"
                data-series={r.series}
                data-direction={r.fit.state === 'ok' ? r.fit.direction : 'none'}
              >
                <td>
                  <button
                    type="button"
                    className="trend-open"
                    onClick={() => openDevice(r.device.id, undefined, preset)}
                    title={`Open ${r.device.name || r.device.id} over the last ${RANGE_PRESETS.find((p) => p.id === preset)!.label}`}
                    data-testid="trend-open"
                  >
                    {r.device.name || r.device.id}
                  </button>
                </td>
                <td>
                  {r.signal}
                  {displayUnit(r.unit) && <span className="trend-unit"> ({displayUnit(r.unit)})</span>}
                </td>
                <TrendCells fit={r.fit} unit={r.unit} />
              </tr>
            ))}
          </tbody>
        </table>
        {targets.length === 0 && <p className="view-empty">No device signals match these choices.</p>}
      </div>
    </section>
  );
}

/** The trend in two cells, the table's Direction and Rate columns, in the words TrendFigure uses. */
function TrendCells({ fit, unit }: { fit: TrendFit; unit: string }) {
  const t = trendText(fit, unit);
  return (
    <>
      <td className="trend-direction" data-testid="trend-direction">
        {t.direction && <TrendIcon className="trend-arrow" direction={DIRECTION_ICON[t.direction]} />}{' '}
        <span className="trend-word">{t.word}</span>
      </td>
      <td className="trend-rate" data-testid="trend-rate">
        {t.rate && <span className="trend-slope">{t.rate}</span>}
        <span className="trend-over">{t.over}</span>
      </td>
    </>
  );
}
