// What the Wall and its area overview show, in which order: devices grouped by plant area (the
// device's `area`, 'default' when it has none), each area with its active alarms counted by
// priority and its worst status, and — where the operator asks for it — the worst device first.
// "Worst" ranks the one status of src/shared/device-status.ts (its level, then priority, then
// unacknowledged); nothing here derives a status of its own. Pure, unit-tested.
import { deviceStatus, type DeviceStatus, type StatusLevel } from '../../../../shared/device-status';
import { areaName, URGENCY, type Alarm, type Device, type Priority } from '../../../../shared/domain';

/** The status levels worst first, as device-status.ts's precedence orders them. */
const LEVEL_ORDER: readonly StatusLevel[] = [
  'alarm',
  'offline',
  'returned',
  'shelved',
  'suppressed',
  'predicted',
  'normal',
];

/** Lower is worse: level, then priority, then awaiting acknowledgement. */
export function statusRank(s: DeviceStatus): number {
  const priority = s.priority ? 3 - URGENCY[s.priority] : 4;
  return LEVEL_ORDER.indexOf(s.level) * 100 + priority * 10 + (s.unack ? 0 : 1);
}

const NORMAL: DeviceStatus = deviceStatus({ alarms: [], offlineSince: null, now: 0 });

export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

export interface AreaSummary {
  area: string;
  devices: Device[];
  /** Active alarms (acknowledged or not; predictions excluded) by priority. */
  counts: Record<Priority, number>;
  /** The worst status among its devices. */
  worst: DeviceStatus;
}

export interface StatusContext {
  alarms: readonly Alarm[];
  /** Devices a source reported dead, with when (the store's `deaths`). */
  deaths: Readonly<Record<string, number>>;
  now: number;
}

/** Each device's status from its alarms and whether a source reported it dead. */
export function statusesOf(devices: readonly Device[], ctx: StatusContext): Map<string, DeviceStatus> {
  const byDevice = new Map<string, Alarm[]>();
  for (const a of ctx.alarms) {
    const list = byDevice.get(a.deviceId);
    if (list) list.push(a);
    else byDevice.set(a.deviceId, [a]);
  }
  return new Map(
    devices.map((d) => [
      d.id,
      deviceStatus({ alarms: byDevice.get(d.id) ?? [], offlineSince: ctx.deaths[d.id] ?? null, now: ctx.now }),
    ]),
  );
}

const isActive = (a: Alarm) => a.kind !== 'trend' && (a.state === 'unack_active' || a.state === 'ack_active');

/** The plant's areas in name order, each with its devices (worst first when asked). */
export function areaSummaries(
  devices: readonly Device[],
  statuses: ReadonlyMap<string, DeviceStatus>,
  alarms: readonly Alarm[],
  worstFirst: boolean,
): AreaSummary[] {
  const areaOf = new Map(devices.map((d) => [d.id, areaName(d.area)]));
  const areas = new Map<string, AreaSummary>();
  const summary = (area: string) => {
    let s = areas.get(area);
    if (!s) {
      s = { area, devices: [], counts: { critical: 0, high: 0, medium: 0, low: 0 }, worst: NORMAL };
      areas.set(area, s);
    }
    return s;
  };
  for (const d of devices) {
    const s = summary(areaName(d.area));
    s.devices.push(d);
    const status = statuses.get(d.id);
    if (status && statusRank(status) < statusRank(s.worst)) s.worst = status;
  }
  for (const a of alarms) if (isActive(a)) summary(areaOf.get(a.deviceId) ?? areaName(a.area)).counts[a.priority]++;
  const list = [...areas.values()].sort((a, b) => a.area.localeCompare(b.area, undefined, { numeric: true }));
  if (worstFirst) for (const s of list) s.devices = orderWorstFirst(s.devices, statuses);
  return list;
}

/** Worst status first; equal statuses keep their order (the engine's, by id). */
export function orderWorstFirst(devices: readonly Device[], statuses: ReadonlyMap<string, DeviceStatus>): Device[] {
  const rank = (d: Device) => {
    const s = statuses.get(d.id);
    return s ? statusRank(s) : 1000;
  };
  return devices
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}

/**
 * What the names of an area's devices share, up to a separator ("Unit " of "Unit 001"…"Unit
 * 100"), so a dense tile can show what tells them apart; '' when they share no whole word or
 * when a name would be left empty.
 */
export function sharedNamePrefix(names: readonly string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0]!;
  for (const n of names) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const cut = Math.max(prefix.lastIndexOf(' '), prefix.lastIndexOf('-'), prefix.lastIndexOf('_'));
  prefix = prefix.slice(0, cut + 1);
  return names.every((n) => n.length > prefix.length) ? prefix : '';
}
