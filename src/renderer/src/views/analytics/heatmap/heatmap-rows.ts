// Turning the engine's heatmap matrix (src/shared/contract/analytics.ts: device ids, bucket
// starts, row-major values) into what the panel draws and exports: the row order (by total,
// worst first, or by name), the chart's [bucket, row, value] cells, the title and range in
// words, and the CSV. Pure, so the order, the layout and the CSV are unit-tested
// (heatmap-rows.test.ts).
import type { Heatmap } from '../../../../../shared/contract/analytics';

/** Each row's total: alarm counts add up; a signal's row is its average over the buckets with data. */
export function rowTotals(h: Heatmap): (number | null)[] {
  const n = h.buckets.length;
  return h.devices.map((_, d) => {
    let sum = 0;
    let count = 0;
    for (let b = 0; b < n; b++) {
      const v = h.values[d * n + b];
      if (v === null || v === undefined) continue;
      sum += v;
      count++;
    }
    if (h.measure === 'alarms') return sum;
    return count > 0 ? sum / count : null;
  });
}

/** Device indices in display order: by total (highest first, rows without data last, then name) or by name. */
export function rowOrder(h: Heatmap, sort: 'total' | 'name'): number[] {
  const totals = rowTotals(h);
  const byName = (a: number, b: number) => (h.names[a] ?? '').localeCompare(h.names[b] ?? '') || a - b;
  const order = h.devices.map((_, i) => i);
  if (sort === 'name') return order.sort(byName);
  return order.sort((a, b) => {
    const ta = totals[a] ?? null;
    const tb = totals[b] ?? null;
    if (ta === null || tb === null) return ta === tb ? byName(a, b) : ta === null ? 1 : -1;
    return tb - ta || byName(a, b);
  });
}

/**
 * Cells for the chart: [bucket index, row position, value], empty cells left out. One flat
 * array of triples is the cheapest form ECharts takes for 10⁵ cells.
 */
export function chartCells(h: Heatmap, order: readonly number[]): [number, number, number][] {
  const n = h.buckets.length;
  const out: [number, number, number][] = [];
  for (let row = 0; row < order.length; row++) {
    const base = order[row]! * n;
    for (let b = 0; b < n; b++) {
      const v = h.values[base + b];
      if (v !== null && v !== undefined) out.push([b, row, v]);
    }
  }
  return out;
}

export function heatmapTitle(h: Pick<Heatmap, 'measure' | 'signal' | 'unit' | 'bucket'>): string {
  const by = `by device × ${h.bucket}`;
  if (h.measure === 'alarms') return `Alarm counts ${by}`;
  return `${h.signal ?? 'signal'}${h.unit ? ` (${h.unit})` : ''}, average ${by}`;
}

const utc = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');

/** The range in UTC, as the buckets are UTC hours or days. */
export function rangeText(from: number, to: number): string {
  return `${utc(from)} – ${utc(to)} UTC`;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per device in display order, one column per bucket (its UTC start), empty where a
 * signal had no reading; the title and the range come first as `#` lines, which spreadsheet and
 * pandas readers (comment='#') skip.
 */
export function buildHeatmapCsv(h: Heatmap, order: readonly number[]): string {
  const n = h.buckets.length;
  const lines = [
    `# ${heatmapTitle(h)}`,
    `# ${rangeText(h.from, h.to)}`,
    ['device', 'name', ...h.buckets.map((t) => new Date(t).toISOString())].join(','),
  ];
  for (const d of order) {
    const cells = h.values.slice(d * n, d * n + n).map((v) => (v === null || v === undefined ? '' : String(v)));
    lines.push([csvField(h.devices[d]!), csvField(h.names[d] ?? ''), ...cells].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A file name that says what and when: `heatmap-alarms-hour-2026-11-06-2026-12-06.csv`. */
export function heatmapFileName(
  h: Pick<Heatmap, 'measure' | 'signal' | 'bucket' | 'from' | 'to'>,
  ext: string,
): string {
  const what = h.measure === 'alarms' ? 'alarms' : (h.signal ?? 'signal').replace(/[^A-Za-z0-9._-]+/g, '_');
  const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);
  return `heatmap-${what}-${h.bucket}-${day(h.from)}-${day(h.to)}.${ext}`;
}
