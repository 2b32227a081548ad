// EEMUA 191 alarm KPIs over a period, from the journal: new alarms per 10 minutes per operator
// area (average and peak over any sliding 10-minute window), share of time in flood, the most
// frequent alarms, chattering alarms and standing alarms (condition active for over 24 hours).
// Rates are over the time observed, never over time nobody watched: "observed" starts at the
// earlier of this engine's start and the data folder's first alarm-journal entry (a folder used
// before has its history; a fresh one starts now). Time between two runs of the engine on the
// same folder counts as observed: the folder's history spans it, and a quiet gap is quiet.
// The screen places each rate in its EEMUA 191 band (shared/alarm-rate-bands.ts, from observedMs).
import { observedSpan } from '../../../shared/alarm-rate-bands';
import type { AlarmKpis } from '../../../shared/contract/alarms';
import type { Alarm } from '../../../shared/domain';
import type { AlarmStore, Annunciation } from './alarm-store';

export const TEN_MINUTES = 10 * 60_000;
export const STANDING_MS = 24 * 3600_000;
const DAY = 24 * 3600_000;

export interface KpiQuery {
  from?: number;
  to?: number;
  area?: string;
}

/** Most events in any window of `windowMs` (times sorted ascending). */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

function kpiAlarm(a: Pick<Annunciation, 'key' | 'deviceId' | 'signal' | 'kind' | 'area'>, count: number) {
  return { key: a.key, deviceId: a.deviceId, signal: a.signal, kind: a.kind, area: a.area, count };
}

/** The start of observation: the engine's start, or the folder's first alarm event if earlier. */
export function observedSince(engineStartedAt: number, firstEventAt: number | null): number {
  return firstEventAt === null ? engineStartedAt : Math.min(engineStartedAt, firstEventAt);
}

export function alarmKpis(
  store: AlarmStore,
  open: Iterable<Alarm>,
  q: KpiQuery,
  now: number,
  engineStartedAt: number = now,
): AlarmKpis {
  const to = q.to ?? now;
  const from = q.from ?? to - DAY;
  const since = observedSince(engineStartedAt, store.firstEventAt());
  const { observedFrom, observedMs } = observedSpan({ from, to, observedSince: since });
  const span = Math.max(1, observedMs);
  const inArea = (area: string) => q.area === undefined || area === q.area;

  const events = store.annunciations(from, to).filter((e) => inArea(e.area));
  const areaNames = new Set(q.area !== undefined ? [q.area] : store.areas());
  for (const e of events) areaNames.add(e.area);

  const byArea = new Map<string, number[]>();
  const buckets = new Map<string, { start: number; area: string; count: number }>();
  const byKey = new Map<string, { sample: Annunciation; count: number }>();
  for (const e of events) {
    let times = byArea.get(e.area);
    if (!times) byArea.set(e.area, (times = []));
    times.push(e.at);
    const start = Math.floor(e.at / TEN_MINUTES) * TEN_MINUTES;
    const b = buckets.get(`${e.area}\0${start}`);
    if (b) b.count++;
    else buckets.set(`${e.area}\0${start}`, { start, area: e.area, count: 1 });
    const k = byKey.get(e.key);
    if (k) k.count++;
    else byKey.set(e.key, { sample: e, count: 1 });
  }

  const floodMs = new Map<string, number>();
  for (const f of store.floods(from, to)) {
    const ms = Math.min(f.endedAt ?? to, to) - Math.max(f.startedAt, observedFrom);
    if (ms > 0) floodMs.set(f.area, (floodMs.get(f.area) ?? 0) + ms);
  }

  const areas = [...areaNames].sort().map((area) => {
    const times = byArea.get(area) ?? [];
    return {
      area,
      alarms: times.length,
      averagePer10Min: Math.round((times.length / (span / TEN_MINUTES)) * 100) / 100,
      peakPer10Min: peakInWindow(times, TEN_MINUTES),
      floodPercent: Math.round(((floodMs.get(area) ?? 0) / span) * 10_000) / 100,
    };
  });

  const top = [...byKey.values()]
    .sort((a, b) => b.count - a.count || a.sample.key.localeCompare(b.sample.key))
    .slice(0, 10)
    .map((k) => kpiAlarm(k.sample, k.count));

  const chattering = store
    .chattering(from, to)
    .filter((a) => inArea(a.area))
    .map((a) => kpiAlarm(a, a.count));

  const standing = [...open]
    .filter((a) => a.conditionActive && inArea(a.area) && to - a.lastAt > STANDING_MS)
    .sort((a, b) => a.lastAt - b.lastAt)
    .map((a) => ({ ...kpiAlarm(a, a.count), id: a.id, activeSince: a.lastAt }));

  return {
    from,
    to,
    observedSince: since,
    sinceStart: since >= engineStartedAt,
    areas,
    buckets: [...buckets.values()].sort((a, b) => a.start - b.start || a.area.localeCompare(b.area)),
    top,
    chattering,
    standing,
  };
}
