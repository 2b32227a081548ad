// How numbers, units and times read on screen. Numbers carry no thousands separators so a
// value reads (and parses) the same on every locale; precision follows magnitude so a tile
// does not flicker between widths.
import type { ClockFormat } from '../store/display-prefs';

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
// What the first view needs is here; ranges, spans, axis ticks and log dates are in
// time-format.ts, built on formatTime, so they load with the views that show them (source and
// payload figures likewise: rate-format.ts).

// The clock setting is read through this hook, which time-format.ts points at
// store/display-prefs.ts when it loads (with the first chart or any view that shows a range), so
// the Wall's first paint does not carry the preferences store: until then — the first second of
// a wall display, before its sparklines arrive — times read 24 h, the default.
let readClock: () => ClockFormat = () => 'h23';
export function clockFrom(read: () => ClockFormat): void {
  readClock = read;
}

const HMS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' };
const formatters: Record<string, Intl.DateTimeFormat> = {};

/**
 * `ts` with the fields of `parts` in this screen's clock, the zone's short name after it unless
 * `zone` is false ("GMT+1" written "UTC+1", a bare "GMT" "UTC"; named zones such as "CET" kept).
 */
export function formatTime(parts: Intl.DateTimeFormatOptions, ts: number, zone = true): string {
  const clock = readClock();
  const key = JSON.stringify(parts) + zone + clock;
  const f = (formatters[key] ??= new Intl.DateTimeFormat(undefined, {
    ...parts,
    hourCycle: clock === 'locale' ? undefined : clock,
    timeZoneName: zone ? 'short' : undefined,
  }));
  return f
    .formatToParts(ts)
    .map((p) => (p.type === 'timeZoneName' ? p.value.replace(/^GMT(?=[+-−]|$)/, 'UTC') : p.value))
    .join('');
}

/** Local time with its zone; the date is added only when it is not today, where an operator needs it. */
export function formatLocalTime(ts: number, now = Date.now()): string {
  return new Date(ts).toDateString() === new Date(now).toDateString()
    ? formatTime(HMS, ts)
    : formatTime({ month: 'short', day: 'numeric', ...HMS }, ts);
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
