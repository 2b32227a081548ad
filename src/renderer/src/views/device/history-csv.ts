// The CSV an operator downloads from a chart: exactly the points on screen, one row per point
// with an ISO timestamp (UTC), the value (the bucket average when downsampled), min, max and
// how many readings the row stands for. RFC 4180 quoting, CRLF line ends, and text that a
// spreadsheet would run as a formula is defused.
import { csvField } from '../../../../shared/csv-field';
import type { HistoryPoints } from '../../charts/history-points';

export { csvField };

export const CSV_HEADER = ['timestamp', 'series', 'value', 'min', 'max', 'count'] as const;

function csvNumber(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? '' : String(n);
}

export function buildHistoryCsv(points: HistoryPoints, series: string): string {
  const seriesField = csvField(series);
  const lines = [CSV_HEADER.join(',')];
  for (let i = 0; i < points.ts.length; i++) {
    const value = points.value[i];
    lines.push(
      [
        new Date(points.ts[i]!).toISOString(),
        seriesField,
        csvNumber(value),
        csvNumber(points.min[i] ?? value),
        csvNumber(points.max[i] ?? value),
        csvNumber(points.count[i] ?? 1),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name that says what is inside and is safe on every file system. */
export function exportFileName(series: string, from: number, to: number, extension: string): string {
  const stamp = (ts: number) =>
    new Date(ts)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  const base = `${series.replace(/[^A-Za-z0-9._-]+/g, '_')}_${stamp(from)}_${stamp(to)}`;
  return `${base}.${extension}`;
}
