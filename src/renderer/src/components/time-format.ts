// The rest of the one time format (components/format.ts holds the decisions and what the first
// view needs): a time without its zone for axes and headed columns, a date and time for logs,
// ranges and spans naming the zone once, and ECharts axis ticks. Loaded with the views and
// charts that show them, not with the first view.
import { getDisplayPrefs } from '../store/display-prefs';
import { clockFrom, formatTime } from './format';

clockFrom(() => getDisplayPrefs().clock);

const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const HMS: Intl.DateTimeFormatOptions = { ...HM, second: '2-digit' };
const DAY: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
const DAY_YEAR: Intl.DateTimeFormatOptions = { year: 'numeric', ...DAY };

const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();
const thisYear = (ts: number, now: number) => new Date(ts).getFullYear() === new Date(now).getFullYear();

/** A time without its zone, for places that name the zone once (an axis, a column heading). */
export function formatClock(ts: number, withSeconds = true): string {
  return withSeconds ? formatTime(HMS, ts, false) : formatTime(HM, ts, false);
}

/** Date and time with its zone, always with the date: logs, audit entries, settings saved. */
export function formatDateTime(ts: number, now = Date.now()): string {
  return thisYear(ts, now) ? formatTime({ ...DAY, ...HMS }, ts) : formatTime({ ...DAY_YEAR, ...HMS }, ts);
}

/**
 * A time range as an operator reads it, zone once at the end: both ends carry their date (the
 * year only when it is not this one), the end only its time when it falls on the same day;
 * seconds for short ranges; "– now" for a range that follows the present.
 */
export function formatRange(from: number, to: number, live = false, now = Date.now()): string {
  const short = to - from < 10 * 60_000;
  const time = (ts: number, zone = false) => (short ? formatTime(HMS, ts, zone) : formatTime(HM, ts, zone));
  const day = (ts: number) => (thisYear(ts, now) ? formatTime(DAY, ts, false) : formatTime(DAY_YEAR, ts, false));
  const start = `${day(from)} ${time(from)}`;
  if (live) return `${start} – now (${timeZoneLabel(from)})`;
  return `${start} – ${sameDay(from, to) ? time(to, true) : `${day(to)} ${time(to, true)}`}`;
}

/** The zone this screen shows times in, at that instant ("CET", "UTC+1", "UTC"). */
export function timeZoneLabel(ts = Date.now()): string {
  return formatTime(HM, ts)
    .replace(formatTime(HM, ts, false), '')
    .trim();
}

/** A span, as a figure's label says what it covers: "14:02:10–14:04:10 CET", "13:00–15:00 CET" (dates when not today). */
export function formatSpan(from: number, to: number, now = Date.now()): string {
  // Seconds for spans under ten minutes, as ranges have them: "14:02–14:02" says nothing.
  const t = to - from < 10 * 60_000 ? HMS : HM;
  if (sameDay(from, now) && sameDay(to, now)) return `${formatTime(t, from, false)}–${formatTime(t, to)}`;
  const dm = { ...DAY, ...t };
  return `${formatTime(dm, from, false)} – ${formatTime(dm, to)}`;
}

/** Tick labels already made: live charts redraw every second over the same round times. */
const ticks = new Map<string, string>();

/** An ECharts time-axis tick: hours and minutes (seconds when the axis spans under ten minutes), the date at midnight. */
export function formatAxisTime(ts: number, axisSpanMs: number): string {
  const short = axisSpanMs < 10 * 60_000;
  const key = `${ts}|${short}|${getDisplayPrefs().clock}`;
  let label = ticks.get(key);
  if (label === undefined) {
    const d = new Date(ts);
    label =
      d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0
        ? formatTime(DAY, ts, false)
        : formatClock(ts, short);
    if (ticks.size > 2000) ticks.clear();
    ticks.set(key, label);
  }
  return label;
}
