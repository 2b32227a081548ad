// What the Analytics panels export, built from exactly what they show (pure, unit-tested):
// - times as ISO 8601 with this screen's UTC offset ("2026-12-06T21:38:04.000+01:00"), so a
//   spreadsheet and a reader agree on the instant and see the local hour the chart showed;
// - the range as a sentence with its time zone named, for the PNG's title and the screen;
// - CSV files (RFC 4180 quoting, CRLF, formulas defused: shared/csv-field.ts), one per panel;
// - the PNG's chart option: the panel's own option with a title (what, range, zone), a legend
//   naming each series with its device, signal and unit, and without the zoom slider or any
//   interactive part — a picture for a report, not a screenshot of the controls.
import { csvField } from '../../../../shared/csv-field';
import type { ChartOption } from '../../charts/echarts';
import type { Quantiles, PeriodRow, CorrelationMatrix } from './analytics-maths';

/** `ts` as ISO 8601 in local time with its offset; `offsetMinutes` east of UTC (tests fix it). */
export function isoWithZone(ts: number, offsetMinutes = -new Date(ts).getTimezoneOffset()): string {
  const local = new Date(ts + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export interface ZoneOptions {
  /** IANA zone (tests fix it); default this screen's. */
  timeZone?: string;
  hourCycle?: 'h23' | 'h12';
  locale?: string;
}

/** This screen's time zone as a reader sees it: "Europe/Berlin (UTC+01:00)". */
export function zoneLabel(at: number, o: ZoneOptions = {}): string {
  const zone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = o.timeZone === undefined ? isoWithZone(at).slice(-6) : offsetOf(at, zone);
  return `${zone} (UTC${offset})`;
}

function offsetOf(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-]\d{2}:\d{2})?/.exec(name);
  return m?.[1] ?? '+00:00';
}

/** "6 Dec 2026, 19:38 – 20:38 Europe/Berlin (UTC+01:00)": the date once when both ends share it. */
export function rangeLabel(from: number, to: number, o: ZoneOptions = {}): string {
  const base: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: o.hourCycle,
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  };
  const dated = new Intl.DateTimeFormat(o.locale, { ...base, day: 'numeric', month: 'short', year: 'numeric' });
  const day = new Intl.DateTimeFormat(o.locale, { day: 'numeric', month: 'numeric', year: 'numeric', ...base });
  const sameDay = day.format(from).split(/,? /)[0] === day.format(to).split(/,? /)[0];
  const end = sameDay ? new Intl.DateTimeFormat(o.locale, base).format(to) : dated.format(to);
  return `${dated.format(from)} – ${end} ${zoneLabel(to, o)}`;
}

const num = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '' : String(n);
/** Text is quoted and defused; numbers are written as they are (a negative r is not a formula). */
const line = (fields: readonly (string | number | null | undefined)[]) =>
  fields.map((f) => (typeof f === 'string' ? csvField(f) : num(f))).join(',');
const file = (lines: readonly string[]) => lines.join('\r\n') + '\r\n';

/** One series as a chart shows it. */
export interface ShownSeries {
  series: string;
  device: string;
  signal: string;
  unit: string;
  ts: readonly number[];
  value: readonly number[];
  /** The 0–1 value drawn when the chart is normalised. */
  normalised?: readonly number[];
}

export function overlayCsv(shown: readonly ShownSeries[], offset?: (ts: number) => number): string {
  const normalised = shown.some((s) => s.normalised);
  const head = ['series', 'device', 'signal', 'unit', 'time', 'value', ...(normalised ? ['normalised'] : [])];
  const rows = [line(head)];
  for (const s of shown)
    s.ts.forEach((t, i) =>
      rows.push(
        line([
          s.series,
          s.device,
          s.signal,
          s.unit,
          isoWithZone(t, offset?.(t)),
          s.value[i],
          ...(normalised ? [s.normalised?.[i]] : []),
        ]),
      ),
    );
  return file(rows);
}

export interface CompareShown {
  signal: string;
  unit: string;
  from: number;
  to: number;
  devices: readonly { device: string; box: Quantiles | null; periods: readonly PeriodRow[] }[];
}

/** Distribution rows (one per device over the range) then period rows (one per device and period). */
export function compareCsv(c: CompareShown, offset?: (ts: number) => number): string {
  const iso = (t: number) => isoWithZone(t, offset?.(t));
  const head = ['kind', 'device', 'signal', 'unit', 'from', 'min', 'q1', 'median', 'q3', 'max', 'avg', 'count'];
  const rows = [line(head)];
  for (const d of c.devices)
    if (d.box)
      rows.push(
        line([
          'distribution',
          d.device,
          c.signal,
          c.unit,
          iso(c.from),
          d.box.min,
          d.box.q1,
          d.box.median,
          d.box.q3,
          d.box.max,
          '',
          d.box.count,
        ]),
      );
  for (const d of c.devices)
    for (const p of d.periods)
      rows.push(line(['period', d.device, c.signal, c.unit, iso(p.start), p.min, '', '', '', p.max, p.avg, p.count]));
  return file(rows);
}

/** The matrix with a header row of series (each with its unit), then how many buckets each r rests on. */
export function correlationCsv(m: CorrelationMatrix, units: readonly string[]): string {
  const names = m.series.map((s, i) => (units[i] ? `${s} (${units[i]})` : s));
  const rows = [line(['pearson_r', ...names])];
  m.r.forEach((row, i) => rows.push(line([names[i]!, ...row])));
  rows.push('');
  rows.push(line(['aligned_buckets', ...names]));
  m.n.forEach((row, i) => rows.push(line([names[i]!, ...row])));
  return file(rows);
}

export interface ExportTitle {
  /** What the picture shows: "Overlay: 3 series". */
  title: string;
  /** The range, with its time zone. */
  range: string;
  text: string;
  muted: string;
  panel: string;
}

/** The panel's option made into a picture: titled, legend on, no zoom slider, no animation. */
export function exportCopy(option: ChartOption, t: ExportTitle): ChartOption {
  const grid = (Array.isArray(option.grid) ? {} : (option.grid ?? {})) as Record<string, unknown>;
  const legend = (Array.isArray(option.legend) ? option.legend[0] : option.legend) ?? {};
  return {
    ...option,
    animation: false,
    backgroundColor: t.panel,
    dataZoom: [],
    tooltip: undefined,
    title: {
      text: t.title,
      subtext: t.range,
      left: 16,
      top: 8,
      textStyle: { color: t.text, fontSize: 18 },
      subtextStyle: { color: t.muted, fontSize: 13 },
    },
    // Every series named with its unit, unless the panel's chart has no legend (a matrix names its rows itself).
    legend: {
      ...legend,
      show: (legend as { show?: boolean }).show !== false,
      type: 'plain',
      top: 64,
      left: 16,
      right: 16,
      textStyle: { color: t.text },
    },
    // A stacked picture (several grids) keeps its own layout; a single grid makes room for the title.
    grid: Array.isArray(option.grid) ? option.grid : { ...grid, top: 120, bottom: 48 },
  } as ChartOption;
}

/** A file name that says what is inside and when, safe on every file system. */
export function analyticsFileName(what: string, from: number, to: number, ext: string): string {
  const stamp = (ts: number) =>
    new Date(ts)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '');
  return `${what.replace(/[^A-Za-z0-9._-]+/g, '_')}_${stamp(from)}_${stamp(to)}.${ext}`;
}

/** One instant as a tooltip or table shows it: date, time with seconds, the zone's short name. */
export function pointTime(ts: number, o: ZoneOptions = {}): string {
  return new Intl.DateTimeFormat(o.locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: o.hourCycle,
    timeZoneName: 'short',
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  }).format(ts);
}
