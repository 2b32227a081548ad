// How numbers, units and times read on screen. Numbers carry no thousands separators so a
// value reads (and parses) the same on every locale; precision follows magnitude so a tile
// does not flicker between widths.
import { getDisplayPrefs, type ClockFormat } from '../store/display-prefs';

const UNIT_SYMBOLS: Record<string, string> = {
  celsius: '°C',
  fahrenheit: '°F',
  kelvin: 'K',
  percent: '%',
};

export function displayUnit(unit: string): string {
  return UNIT_SYMBOLS[unit.toLowerCase()] ?? unit;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** What follows a number: "%" and "°C" attach to it ("91.2%"), words get a space ("42.0 psi"). */
export function unitSuffix(unit: string): string {
  const u = displayUnit(unit);
  if (!u) return '';
  return u === '%' || u.startsWith('°') ? u : ` ${u}`;
}

// Times: one format everywhere (tiles, queue, details, charts' axes and tooltips, exports'
// visible text, KPIs, audit, review, settings), following this screen's clock setting
// (store/display-prefs.ts: the locale's own hour cycle, 24 h or 12 h) and read when called, so
// chart formatters and redrawn views pick a change up. Decision (issue 16, point 8): a time
// names its zone — the locale's short name for it ("CET", "EST", "UTC"), and where the locale has
// none its offset, written "UTC+1" rather than "GMT+1" — so a screenshot, an export or a
// colleague in another site reads the same instant. Axis ticks leave the zone to the axis name.

type TimeParts = 'time' | 'minutes' | 'dateTime' | 'dateYearTime' | 'dateMinutes' | 'day' | 'dayYear';

const PARTS: Record<TimeParts, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  minutes: { hour: '2-digit', minute: '2-digit' },
  dateTime: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' },
  dateYearTime: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  },
  dateMinutes: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  dayYear: { year: 'numeric', month: 'short', day: 'numeric' },
};

const CLOCK_OPTIONS: Record<ClockFormat, Intl.DateTimeFormatOptions> = {
  locale: {},
  h23: { hourCycle: 'h23' },
  h12: { hourCycle: 'h12' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(parts: TimeParts, zone: boolean): Intl.DateTimeFormat {
  const clock = getDisplayPrefs().clock;
  const key = `${parts}|${zone}|${clock}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      ...PARTS[parts],
      ...CLOCK_OPTIONS[clock],
      ...(zone ? { timeZoneName: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "GMT+1" reads "UTC+1", a bare "GMT" reads "UTC"; named zones ("CET") stay as they are. */
function zoneName(name: string): string {
  return name.replace(/^GMT(?=[+-−]|$)/, 'UTC');
}

function format(parts: TimeParts, ts: number, zone = true): string {
  if (!zone) return formatter(parts, false).format(ts);
  return formatter(parts, true)
    .formatToParts(ts)
    .map((p) => (p.type === 'timeZoneName' ? zoneName(p.value) : p.value))
    .join('');
}

/** The zone this screen shows times in, at that instant ("CET", "UTC+1", "UTC"). */
export function timeZoneLabel(ts = Date.now()): string {
  const part = formatter('minutes', true)
    .formatToParts(ts)
    .find((p) => p.type === 'timeZoneName');
  return part ? zoneName(part.value) : '';
}

const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();

/** Local time with its zone; the date is added only when it is not today, where an operator needs it. */
export function formatLocalTime(ts: number, now = Date.now()): string {
  return format(sameDay(ts, now) ? 'time' : 'dateTime', ts);
}

/** Date and time with its zone, always with the date: logs, audit entries, settings saved. */
export function formatDateTime(ts: number): string {
  return format(new Date(ts).getFullYear() === new Date().getFullYear() ? 'dateTime' : 'dateYearTime', ts);
}

/** A time without its zone, for places that name the zone once (an axis, a column heading). */
export function formatClock(ts: number, withSeconds = true): string {
  return format(withSeconds ? 'time' : 'minutes', ts, false);
}

/**
 * A time range as an operator reads it, zone once at the end: both ends carry their date (the
 * year only when it is not this one), the end only its time when it falls on the same day;
 * seconds for short ranges; "– now" for a range that follows the present.
 */
export function formatRange(from: number, to: number, live = false, now = Date.now()): string {
  const time: TimeParts = to - from < 10 * 60_000 ? 'time' : 'minutes';
  const thisYear = new Date(now).getFullYear();
  const day = (ts: number) => format(new Date(ts).getFullYear() === thisYear ? 'day' : 'dayYear', ts, false);
  const start = `${day(from)} ${format(time, from, false)}`;
  if (live) return `${start} – now (${timeZoneLabel(from)})`;
  const end = sameDay(from, to) ? format(time, to) : `${day(to)} ${format(time, to)}`;
  return `${start} – ${end}`;
}

/** A short span, as a figure's label says what it covers: "14:02–14:04 CET" (dates when not today). */
export function formatSpan(from: number, to: number, now = Date.now()): string {
  const today = sameDay(from, now) && sameDay(to, now);
  if (today) return `${format('minutes', from, false)}–${format('minutes', to)}`;
  return `${format('dateMinutes', from, false)} – ${format('dateMinutes', to)}`;
}

/** An ECharts time-axis tick: hours and minutes (seconds when the axis spans under ten minutes), the date at midnight. */
export function formatAxisTime(ts: number, axisSpanMs: number): string {
  const d = new Date(ts);
  if (d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0) return format('day', ts, false);
  return format(axisSpanMs < 10 * 60_000 ? 'time' : 'minutes', ts, false);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** A span of time as an operator reads it: "850 ms", "3.2 s", "4 min 05 s", "2 h 03 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${two(Math.floor(s / 60) % 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor(s / 3600) % 24} h`;
}

/** Messages per second, with the decimals a slow source needs and a fast one does not. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  if (perSecond < 1) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 100) return `${perSecond.toFixed(1)}/s`;
  return `${perSecond.toFixed(0)}/s`;
}

/** A payload size in binary units, as the configuration reference states the limits (256 KiB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
