// Exports of one signal's chart: what is on screen as CSV (built here from the points drawn)
// or PNG (the chart's own rendering, titled with device, signal, unit and the range with its
// zone, without the zoom slider: charts/chart-png.ts), and "Export range…", a server-side export of the stored
// history at a chosen tier, followed to a download link or, on the desktop, the saved path.
import { useRef, useState, type RefObject } from 'react';
import type { Tier } from '../../../../shared/contract';
import type { ChartHandle } from '../../charts/Chart';
import type { TimeWindow } from '../../charts/history-option';
import { formatRange } from '../../components/time-format';
import { saveBlob } from './download';
import { ExportRangeForm } from './ExportRangeForm';
import { buildHistoryCsv, exportFileName } from './history-csv';

interface ExportMenuProps {
  series: string;
  /** Every series of the device, for an export of all of them at once. */
  deviceSeries: readonly string[];
  chart: RefObject<ChartHandle | null>;
  /** The window on screen, the default for "Export range…". */
  window: TimeWindow | null;
  /** The tier on screen, the default tier of a server-side export. */
  tier: Tier | null;
  /** What the PNG is titled: device, signal and unit. */
  title: string;
}

export function ExportMenu({ series, deviceSeries, chart, window, tier, title }: ExportMenuProps) {
  // The window is taken when the form opens (a live chart moves on; the export must not).
  const [exportWindow, setExportWindow] = useState<TimeWindow | null>(null);
  const rangeButton = useRef<HTMLButtonElement>(null);
  const closeRange = () => {
    setExportWindow(null);
    rangeButton.current?.focus();
  };

  const exportCsv = () => {
    const handle = chart.current;
    const points = handle?.shownPoints();
    const shown = handle?.shownWindow() ?? window;
    if (!points || !shown) return;
    const csv = buildHistoryCsv(points, series);
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), exportFileName(series, shown.from, shown.to, 'csv'));
  };

  const exportPng = () => {
    const handle = chart.current;
    const shown = handle?.shownWindow() ?? window;
    if (!handle || !shown) return;
    const png = handle.toPng({ title, subtitle: formatRange(shown.from, shown.to) });
    if (!png) return;
    saveBlob(new Blob([png as BlobPart], { type: 'image/png' }), exportFileName(series, shown.from, shown.to, 'png'));
  };

  return (
    <>
      <div className="export-buttons" role="group" aria-label={`Export ${series}`}>
        <button type="button" className="button small" data-testid="export-csv" onClick={exportCsv} disabled={!window}>
          CSV
        </button>
        <button type="button" className="button small" data-testid="export-png" onClick={exportPng} disabled={!window}>
          PNG
        </button>
        <button
          ref={rangeButton}
          type="button"
          className="button small"
          data-testid="export-range"
          aria-expanded={exportWindow !== null}
          onClick={() => setExportWindow((open) => (open ? null : (chart.current?.shownWindow() ?? window)))}
          disabled={!window}
        >
          Export range…
        </button>
      </div>
      {exportWindow && (
        <ExportRangeForm
          series={series}
          deviceSeries={deviceSeries}
          window={exportWindow}
          tier={tier}
          onClose={closeRange}
        />
      )}
    </>
  );
}
