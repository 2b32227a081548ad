// Anomalies drawn on a history chart: one pin per anomaly at its time, on the value the
// detector saw (or, for device-wide ones such as offline, on the line at that time), coloured
// by kind, each saying in its label what it is. The words that explain it come with it.
import type { Anomaly } from '../../../shared/contract/detection';
import { readColors } from './chart-colors';
import { lowerBound, type HistoryPoints } from './history-points';

export interface AnomalyMark {
  name: string;
  coord: [number, number];
  value: string;
  itemStyle: { color: string };
  /** For the tooltip and tests: what the anomaly says about itself. */
  message: string;
  /** Its place in the list drawn: a click on the pin names the anomaly by it. */
  anomalyIndex: number;
}

export interface AnomalyColors {
  rule: string;
  statistical: string;
  model: string;
  /** The letter on a pin. */
  pinText: string;
}

/** One or two letters on the pin: which detector found it. */
const SHORT: Record<Anomaly['kind'], string> = {
  high: 'H',
  low: 'L',
  rate: 'R',
  flatline: 'F',
  offline: 'O',
  quality: 'Q',
  statistical: 'S',
  trend: 'T',
  model: 'M',
};

/** The value on the line nearest to `ts`, or undefined when there is no line. */
function valueAt(points: HistoryPoints, ts: number): number | undefined {
  if (points.ts.length === 0) return undefined;
  const i = lowerBound(points.ts, ts);
  const a = points.ts[i - 1];
  const b = points.ts[i];
  if (b === undefined) return points.value[i - 1];
  if (a === undefined) return points.value[i];
  return ts - a <= b - ts ? points.value[i - 1] : points.value[i];
}

export function anomalyMarks(
  anomalies: readonly Anomaly[],
  points: HistoryPoints,
  colors: AnomalyColors,
): AnomalyMark[] {
  const marks: AnomalyMark[] = [];
  for (const [anomalyIndex, a] of anomalies.entries()) {
    // The value the detector saw; offline and model anomalies have none, so they sit on the line.
    const seen = 'value' in a.evidence ? a.evidence.value : undefined;
    const y = typeof seen === 'number' && Number.isFinite(seen) ? seen : valueAt(points, a.ts);
    if (y === undefined) continue;
    const color = a.kind === 'statistical' ? colors.statistical : a.kind === 'model' ? colors.model : colors.rule;
    marks.push({
      name: a.kind,
      coord: [a.ts, y],
      value: SHORT[a.kind],
      itemStyle: { color },
      message: a.message,
      anomalyIndex,
    });
  }
  return marks;
}

/** Colours from --chart-anomaly-* on the chart's container. */
export function readAnomalyColors(el: HTMLElement): AnomalyColors {
  return readColors(el, (v) => ({
    rule: v('--chart-anomaly-rule'),
    statistical: v('--chart-anomaly-stats'),
    model: v('--chart-anomaly-model'),
    pinText: v('--chart-pin-text'),
  }));
}

/** The mark-point option of the line series: pins lettered by kind, the explanation on hover. */
export function anomalyMarkPoint(marks: readonly AnomalyMark[], pinText: string) {
  return {
    symbol: 'pin',
    symbolSize: 26,
    animation: false,
    label: { color: pinText, fontSize: 10, formatter: '{c}' },
    tooltip: {
      trigger: 'item' as const,
      formatter: (p: { data?: { message?: string } }) => escapeHtml(p.data?.message ?? ''),
    },
    data: marks.map((m) => ({
      name: m.name,
      coord: m.coord,
      value: m.value,
      itemStyle: m.itemStyle,
      message: m.message,
      anomalyIndex: m.anomalyIndex,
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
