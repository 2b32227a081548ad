// Which routes an alarm event goes to: by event type, priority, device, operator area and the
// local time of day. Pure functions of the event, the routes and a clock reading, so that the
// rules can be tested against any instant and zone.
import type { NotificationRoute, NotifyEventType, TimeWindow, Weekday } from '../../../shared/contract/notifications';
import type { Priority } from '../../../shared/domain';
import { channelDestination } from './channels/channel-kinds';

/** What routing looks at: the event and the alarm it is about. */
export interface RoutableEvent {
  type: NotifyEventType;
  priority: Priority;
  deviceId: string;
  /** The operator area; '' or missing is "default". */
  area: string;
}

export interface LocalTime {
  day: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const DAY_INDEX: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};
const ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minute of the day at `ts` in `timeZone` (the machine's zone when omitted). */
export function localTime(ts: number, timeZone?: string): LocalTime {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  let day: Weekday = 'mon';
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(ts)) {
    if (p.type === 'weekday') day = DAY_INDEX[p.value] ?? 'mon';
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minutes: hour * 60 + minute };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

function previousDay(day: Weekday): Weekday {
  return ORDER[(ORDER.indexOf(day) + 6) % 7]!;
}

/**
 * Whether a local time falls in a window. A window that runs past midnight (to ≤ from) belongs to
 * the day it starts on: Friday 22:00–06:00 covers Saturday 03:00, not Friday 03:00.
 */
export function inWindow(t: LocalTime, w: TimeWindow): boolean {
  const from = toMinutes(w.from);
  const to = toMinutes(w.to);
  if (from === to) return w.days.includes(t.day);
  if (from < to) return w.days.includes(t.day) && t.minutes >= from && t.minutes < to;
  if (t.minutes >= from) return w.days.includes(t.day);
  if (t.minutes < to) return w.days.includes(previousDay(t.day));
  return false;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

const globCache = new Map<string, RegExp>();

function matchesDevice(patterns: readonly string[], deviceId: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => {
    if (!p.includes('*')) return p === deviceId;
    let re = globCache.get(p);
    if (!re) {
      re = globToRegExp(p);
      globCache.set(p, re);
    }
    return re.test(deviceId);
  });
}

export function routeMatches(route: NotificationRoute, e: RoutableEvent, now: LocalTime): boolean {
  if (!route.enabled) return false;
  if (!route.events.includes(e.type)) return false;
  if (route.priorities.length > 0 && !route.priorities.includes(e.priority)) return false;
  if (!matchesDevice(route.devices, e.deviceId)) return false;
  if (route.areas.length > 0 && !route.areas.includes(e.area || 'default')) return false;
  if (route.when.length > 0 && !route.when.some((w) => inWindow(now, w))) return false;
  return true;
}

export interface RouteTarget {
  route: NotificationRoute;
  channel: string;
}

/**
 * Every (route, channel) an event goes to, in route order. A destination reached by two routes
 * is used once, by the first; a channel kind may say what one destination is (e-mail counts per
 * recipient list: `destinationOf`). A matching route with `stop` ends the search.
 */
export function selectRoutes(
  routes: readonly NotificationRoute[],
  e: RoutableEvent,
  ts: number,
  timeZone?: string,
  destinationOf: (channel: string, route: NotificationRoute) => string = channelDestination,
): RouteTarget[] {
  const now = localTime(ts, timeZone);
  const out: RouteTarget[] = [];
  const used = new Set<string>();
  for (const route of routes) {
    if (!routeMatches(route, e, now)) continue;
    for (const channel of route.channels) {
      const key = destinationOf(channel, route);
      if (used.has(key)) continue;
      used.add(key);
      out.push({ route, channel });
    }
    if (route.stop) break;
  }
  return out;
}
