// "Export range…": a server-side export of stored history (CSV or Parquet, at a chosen tier)
// for the window on screen, followed with a progress bar (and Cancel) to a download link in a
// browser or, in the desktop app where there is no HTTP server, the path the engine saved it to.
import { useId, useState } from 'react';
import type { Tier } from '../../../../shared/contract';
import type { TimeWindow } from '../../charts/history-option';
import { CancelJobButton } from '../../components/CancelJobButton';
import { formatCount } from '../../components/format';
import { inElectron } from './download';
import { downloadTarget } from './export-job';
import { formatRange } from '../../components/time-format';
import { useExportJob } from './use-export-job';

const TIERS: { id: Tier; label: string }[] = [
  { id: 'raw', label: 'Raw readings' },
  { id: '1m', label: '1-minute rollup' },
  { id: '1h', label: '1-hour rollup' },
  { id: '1d', label: '1-day rollup' },
];

interface ExportRangeFormProps {
  series: string;
  deviceSeries: readonly string[];
  window: TimeWindow;
  tier: Tier | null;
  onClose(): void;
}

export function ExportRangeForm({ series, deviceSeries, window, tier, onClose }: ExportRangeFormProps) {
  const id = useId();
  const [format, setFormat] = useState<'csv' | 'parquet'>('csv');
  const [exportTier, setExportTier] = useState<Tier>(tier ?? 'raw');
  const [allSignals, setAllSignals] = useState(false);
  const range = window;
  const { job, error, starting, start } = useExportJob();
  const running = starting || job?.state === 'running';
  const target = job ? downloadTarget(job, inElectron()) : null;

  return (
    <form
      className="export-range"
      data-testid="export-range-form"
      onSubmit={(e) => {
        e.preventDefault();
        start({
          series: allSignals ? [...deviceSeries] : [series],
          from: range.from,
          to: range.to,
          tier: exportTier,
          format,
        });
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onClose();
      }}
    >
      <p className="export-range-what">Export {formatRange(range.from, range.to)}</p>
      <label htmlFor={`${id}-format`}>Format</label>
      <select
        id={`${id}-format`}
        data-testid="export-format"
        value={format}
        onChange={(e) => setFormat(e.target.value as 'csv' | 'parquet')}
      >
        <option value="csv">CSV</option>
        <option value="parquet">Parquet</option>
      </select>
      <label htmlFor={`${id}-tier`}>Tier</label>
      <select
        id={`${id}-tier`}
        data-testid="export-tier"
        value={exportTier}
        onChange={(e) => setExportTier(e.target.value as Tier)}
      >
        {TIERS.map((t) => (
          <option key={t.id} value={t.id}>
            {t.label}
          </option>
        ))}
      </select>
      {deviceSeries.length > 1 && (
        <label className="export-all">
          <input type="checkbox" checked={allSignals} onChange={(e) => setAllSignals(e.target.checked)} />
          All {deviceSeries.length} signals of this device
        </label>
      )}
      <div className="export-actions">
        <button type="submit" className="button primary" data-testid="export-start" disabled={running}>
          {running ? 'Exporting…' : 'Start export'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="export-error">
          Export could not start: {error}
        </p>
      )}
      {job && (
        <div className="export-status" aria-live="polite">
          {job.state === 'running' && (
            <>
              <progress data-testid="export-progress" max={1} value={job.progress} />
              <span className="export-rows">
                {Math.round(job.progress * 100)}% · {formatCount(job.rows)} rows
              </span>
              <CancelJobButton key={job.id} job={job} testId="export-cancel" />
            </>
          )}
          {job.state === 'cancelled' && (
            <p className="export-cancelled" data-testid="export-cancelled">
              Export cancelled; no file was kept.
            </p>
          )}
          {job.state === 'failed' && (
            <p className="field-error" role="alert" data-testid="export-error">
              Export failed: {job.error ?? 'unknown error'}
            </p>
          )}
          {job.state === 'done' && (
            <>
              <progress data-testid="export-progress" max={1} value={1} />
              {target?.kind === 'link' && (
                <a className="button primary" data-testid="export-download" href={target.href} download={target.name}>
                  Download {target.name} ({formatCount(job.rows)} rows)
                </a>
              )}
              {target?.kind === 'path' && (
                <p className="export-path">
                  Saved {formatCount(job.rows)} rows on the engine's machine:{' '}
                  <code data-testid="export-path">{target.path}</code>
                </p>
              )}
            </>
          )}
        </div>
      )}
    </form>
  );
}
