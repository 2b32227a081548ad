// Labels drawn on a history chart, as pure option builders any history chart can use: each
// label a shaded range (markArea) coloured by verdict — calm, translucent, colour only where
// the verdict says something was abnormal; bad data hatched grey — with the verdict and cause
// at its top edge and verdict, cause, author and text on hover. Points inside a bad-data range
// are drawn again in grey over the line (a series of their own), corrected values as a dashed
// series named "corrected", and alarms of the series as clickable lines at their raise time.
import type { Annotation, CorrectedSeries, Verdict } from '../../../shared/contract/annotations';
import { VERDICT_TITLES } from '../../../shared/contract/annotations';
import { formatLocalTime } from '../components/format';
import { readColors } from './chart-colors';
import type { TimeWindow } from './history-option';

/** Series a labelled history chart carries besides its line (declared in the base option). */
export const LABEL_SERIES_IDS = { labels: 'labels', greyed: 'greyed', corrected: 'corrected' } as const;

/** A fill: a colour, or (bad data) a repeating hatch pattern made from a canvas. */
export type LabelFill = string | { image: HTMLCanvasElement | string; repeat: 'repeat' };

export interface LabelColors {
  verdict: Readonly<Record<Verdict, LabelFill>>;
  text: string;
  greyed: string;
  corrected: string;
  alarm: string;
  /** The range a label is being made for. */
  pending: string;
  pendingLine: string;
}

/** An alarm as the chart marks it: raised at `from`, returned (or still active) at `to`. */
export interface AlarmMark {
  alarmId: number;
  from: number;
  to: number;
  title: string;
  /** The trend predictor's: marked "prediction", never "alarm" (src/shared/device-status.ts). */
  prediction?: boolean;
}

/** The labels a chart of `signal` on `deviceId` shows: its own and the whole device's, live ones, by start. */
export function labelsOnChart(labels: readonly Annotation[], deviceId: string, signal: string): Annotation[] {
  return labels
    .filter((a) => !a.deleted && a.deviceId === deviceId && (a.signal === signal || a.signal === '*'))
    .sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
}

/** What a label says on one line: verdict, cause. */
export function labelTitle(a: Pick<Annotation, 'verdict' | 'cause'>): string {
  return a.cause ? `${VERDICT_TITLES[a.verdict]} · ${a.cause}` : VERDICT_TITLES[a.verdict];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The hover text: verdict and cause, who and when, the range, the text. */
export function labelTooltip(a: Annotation): string {
  const lines = [
    `<b>${escapeHtml(labelTitle(a))}</b>`,
    escapeHtml(`${a.signal === '*' ? 'whole device' : a.signal} · by ${a.author}`),
    escapeHtml(a.from === a.to ? formatLocalTime(a.from) : `${formatLocalTime(a.from)} – ${formatLocalTime(a.to)}`),
  ];
  if (a.text) lines.push(escapeHtml(a.text.length > 200 ? `${a.text.slice(0, 200)}…` : a.text));
  return lines.join('<br/>');
}

/** A title needs at least this many pixels to be worth showing (else the range speaks alone). */
const MIN_TITLE_PX = 28;

/**
 * The shaded ranges. A label narrower than `minWidthMs` (one made on an anomaly: a single
 * instant) is widened around its centre to that width so it stays visible and clickable. With
 * `pxPerMs` (the zoom in view), each title is cut to its range's width so neighbours never
 * overprint, and left out where the range is too narrow for one.
 */
export function labelMarkArea(labels: readonly Annotation[], colors: LabelColors, minWidthMs = 0, pxPerMs = 0) {
  return {
    silent: false,
    animation: false,
    tooltip: {
      trigger: 'item' as const,
      formatter: (p: { data?: { labelId?: string } }) => {
        const a = labels.find((l) => l.id === p.data?.labelId);
        return a ? labelTooltip(a) : '';
      },
    },
    data: labels.map((a) => {
      const half = Math.max(0, (minWidthMs - (a.to - a.from)) / 2);
      const widthPx = pxPerMs > 0 ? (a.to - a.from + 2 * half) * pxPerMs - 6 : undefined;
      return [
        {
          name: labelTitle(a),
          labelId: a.id,
          xAxis: a.from - half,
          itemStyle: { color: colors.verdict[a.verdict], borderColor: colors.text, borderWidth: 0, opacity: 1 },
          label: {
            show: widthPx === undefined || widthPx >= MIN_TITLE_PX,
            position: 'insideTop' as const,
            color: colors.text,
            fontSize: 10,
            ...(widthPx === undefined ? {} : { width: Math.max(0, Math.floor(widthPx)) }),
            overflow: 'truncate' as const,
            formatter: labelTitle(a),
          },
        },
        { xAxis: a.to + half },
      ];
    }),
  };
}

/** The range a label is being made for (the popover is open): outlined until saved or cancelled. */
export function pendingArea(range: TimeWindow, colors: LabelColors, minWidthMs = 0) {
  const half = Math.max(0, (minWidthMs - (range.to - range.from)) / 2);
  return [
    {
      name: 'new label',
      xAxis: range.from - half,
      itemStyle: { color: colors.pending, borderColor: colors.pendingLine, borderWidth: 1, borderType: 'dashed' },
      label: { show: false },
    },
    { xAxis: range.to + half },
  ];
}

/** Alarms as lines at their raise time, labelled, clickable (to label the alarm); predictions dashed. */
export function alarmMarkLine(alarms: readonly AlarmMark[], colors: LabelColors) {
  return {
    silent: false,
    symbol: 'none',
    animation: false,
    lineStyle: { color: colors.alarm, type: 'dotted' as const, width: 1.5 },
    label: { show: true, position: 'insideStartTop' as const, color: colors.alarm, fontSize: 10, formatter: 'alarm' },
    tooltip: {
      trigger: 'item' as const,
      formatter: (p: { data?: { title?: string } }) => escapeHtml(p.data?.title ?? ''),
    },
    data: alarms.map((m) => ({
      name: m.title,
      title: m.title,
      alarmId: m.alarmId,
      xAxis: m.from,
      ...(m.prediction && { label: { formatter: 'prediction' }, lineStyle: { type: 'dashed' as const } }),
    })),
  };
}

/** The ranges whose readings are bad data, greyed on the chart. */
export function badDataRanges(labels: readonly Annotation[]): TimeWindow[] {
  return labels.filter((a) => a.verdict === 'bad-data' && !a.deleted).map((a) => ({ from: a.from, to: a.to }));
}

/**
 * The points of the line that fall inside any of `ranges`, with a break (null) wherever the
 * line leaves one, so drawing them in grey over the line greys exactly those stretches.
 */
export function greyedData(line: readonly (number | null)[][], ranges: readonly TimeWindow[]): (number | null)[][] {
  if (ranges.length === 0) return [];
  const out: (number | null)[][] = [];
  let inside = false;
  for (const point of line) {
    const t = point[0]!;
    const hit = point[1] !== null && ranges.some((r) => t >= r.from && t <= r.to);
    if (hit) out.push([t, point[1]!]);
    else if (inside) out.push([t, null]);
    inside = hit;
  }
  return out;
}

/** Corrected values of one series, one stretch per label, broken between labels. */
export function correctedData(corrected: readonly CorrectedSeries[], series: string): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (const c of corrected) {
    if (c.series !== series || c.ts.length === 0) continue;
    if (out.length > 0) out.push([c.ts[0]! - 1, null]);
    for (let i = 0; i < c.ts.length; i++) out.push([c.ts[i]!, c.value[i]!]);
  }
  return out.sort((a, b) => a[0]! - b[0]!);
}

/** A small diagonal hatch (bad data), drawn once per colour. */
export function hatchPattern(line: string, background: string): LabelFill {
  if (typeof document === 'undefined') return background;
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return background;
  g.fillStyle = background;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = line;
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  return { image: c, repeat: 'repeat' };
}

/** Colours from --label-* on the chart's container; the dark theme as fallback. */
export function readLabelColors(el: HTMLElement): LabelColors {
  return readColors(el, (v) => ({
    verdict: {
      'true-anomaly': v('--label-true-anomaly'),
      'false-alarm': v('--label-false-alarm'),
      maintenance: v('--label-maintenance'),
      'bad-data': hatchPattern(v('--label-bad-data-line'), v('--label-bad-data')),
      'operating-point': v('--label-operating-point'),
      unsure: v('--label-unsure'),
    },
    text: v('--chart-text'),
    greyed: v('--label-greyed'),
    corrected: v('--label-corrected'),
    alarm: v('--chart-critical'),
    pending: v('--label-pending'),
    pendingLine: v('--label-pending-line'),
  }));
}
