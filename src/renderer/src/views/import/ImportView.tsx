// Import: a CSV or Parquet file into history. Choose the file (uploaded to the engine in a
// browser, a path in the desktop app), check the preview — the detected CSV settings, the
// mapping (editable), and what the first rows become or why they would be rejected — then
// import it as a job (into a new device only once the operator has confirmed creating it) with
// a progress bar, ending in what was stored, what was skipped as
// already stored and what went to dead letters.
import { useState } from 'react';
import type { CsvSettings, ImportMappingPatch, ImportPreview } from '../../../../shared/contract';
import { useLatestQuery } from '../../api/use-latest-query';
import { useClient } from '../../app/engine-context';
import { formatCount } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { CsvSettingsBar } from './CsvSettingsBar';
import { FileChooser, type ImportTarget } from './FileChooser';
import { ImportRun } from './ImportRun';
import { mappingForRequest } from './mapping-draft';
import { MappingForm } from './MappingForm';
import { newDevicesOf, newDeviceSignals } from './new-device';
import { NewDeviceConfirm } from './NewDeviceConfirm';
import { PreviewTable } from './PreviewTable';
import { useImportJob } from './use-import-job';
import './import.css';

const PREVIEW_ROWS = 20;

interface Draft {
  mapping: ImportMappingPatch | undefined;
  complete: boolean;
}
const GUESS: Draft = { mapping: undefined, complete: true };

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function ImportView() {
  const client = useClient();
  const [target, setTarget] = useState<ImportTarget | null>(null);
  const [csv, setCsv] = useState<CsvSettings>({});
  /**
   * The operator's mapping; with `complete`, the engine fills in what it lacks from its guess
   * (at first, when nothing is set, and after switching between long and wide).
   */
  const [draft, setDraft] = useState<Draft>(GUESS);
  const run = useImportJob();
  const devices = useAppStore((s) => s.devices);
  /** The new device the operator was asked about (Import pressed with an unregistered device id). */
  const [confirming, setConfirming] = useState<string | null>(null);

  const asked = draft.mapping === undefined ? { mapping: undefined, problems: [] } : mappingForRequest(draft.mapping);
  const key =
    target && asked.mapping !== null
      ? JSON.stringify({ path: target.path, csv, mapping: asked.mapping, guess: draft.complete })
      : null;
  const query = useLatestQuery<ImportPreview>(key, () =>
    client.request('import.preview', {
      path: target!.path,
      ...(Object.keys(csv).length > 0 ? { csv } : {}),
      mapping: asked.mapping ?? undefined,
      guess: draft.complete,
      rows: PREVIEW_ROWS,
    }),
  );
  // An answer about another file is not this file's preview.
  const preview = query.data && target && query.data.path === target.path ? query.data : undefined;
  // A completed mapping is the engine's answer; a draft is shown as the operator left it.
  const mapping = draft.complete ? preview?.mapping : draft.mapping;
  const running = run.starting || run.job?.state === 'running';
  const problems = [...asked.problems, ...(preview?.problems ?? [])];
  const ready = preview !== undefined && !query.loading && problems.length === 0 && asked.mapping !== null;
  const newDevices = mapping && preview ? newDevicesOf(mapping, preview, devices) : [];
  const newDevice = newDevices.length > 0 ? newDevices.join('\u0000') : null;

  const choose = (next: ImportTarget) => {
    run.reset();
    setCsv({});
    setDraft(GUESS);
    setConfirming(null);
    setTarget(next);
  };

  /** Starts the import; a device that is not registered is created only once the operator confirms it. */
  const start = (createDevice = false) => {
    if (!preview || !target || !mapping || !ready) return;
    if (newDevice !== null && !createDevice) {
      setConfirming(newDevice);
      return;
    }
    setConfirming(null);
    const columns = csv.columns ? { columns: csv.columns } : {};
    run.start({
      path: target.path,
      format: preview.format,
      csv: preview.csv ? { ...preview.csv, ...columns } : undefined,
      mapping: draft.complete ? preview.mapping : (asked.mapping ?? preview.mapping),
      ...(createDevice ? { createDevice: true } : {}),
    });
  };

  return (
    <section className="import" aria-labelledby="import-title" data-testid="import">
      <h1 id="import-title" className="view-title">
        Import
      </h1>
      <p className="view-note">
        Load history from a CSV or Parquet file: long files (one reading per row) or wide plant exports (a time column
        and one column per signal). Readings already stored are skipped, so importing a file twice is harmless. Times
        without a zone are read as UTC.
      </p>
      <FileChooser onChosen={choose} disabled={running} />
      {target && (
        <p className="import-target" data-testid="import-target">
          {target.name}
          {preview && (
            <span className="import-target-facts">
              {' '}
              · {preview.format === 'csv' ? 'CSV' : 'Parquet'} · {formatCount(preview.sizeBytes)} bytes
              {preview.totalRows !== null && ` · ${formatCount(preview.totalRows)} rows`}
            </span>
          )}
          {query.loading && <span className="import-loading"> · reading…</span>}
        </p>
      )}
      {query.error !== null && query.error !== undefined && (
        <p className="field-error" role="alert" data-testid="import-preview-error">
          {errorText(query.error)}
        </p>
      )}
      {preview && mapping && (
        <>
          {preview.csv && (
            <CsvSettingsBar
              settings={preview.csv}
              disabled={running}
              onChange={(next) => {
                setCsv({ ...csv, ...next });
                setDraft(GUESS); // other columns: guess the mapping again
              }}
            />
          )}
          <MappingForm
            preview={preview}
            mapping={mapping}
            onChange={(next, complete = false) => {
              setConfirming(null);
              setDraft({ mapping: next, complete });
            }}
            disabled={running}
            devices={devices}
          />
          {problems.length > 0 && (
            <ul className="import-problems" data-testid="import-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {preview.warnings.length > 0 && (
            <ul className="import-warnings" data-testid="import-warnings">
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <PreviewTable preview={preview} />
          {confirming !== null && confirming === newDevice ? (
            <NewDeviceConfirm
              deviceIds={newDevices}
              signals={newDeviceSignals(preview, mapping)}
              onConfirm={() => start(true)}
              onCancel={() => setConfirming(null)}
            />
          ) : (
            <ImportRun
              ready={ready && !running}
              starting={run.starting}
              job={run.job}
              summary={run.summary}
              error={run.error}
              onStart={() => start()}
            />
          )}
        </>
      )}
    </section>
  );
}
