// Analytics over the whole fleet (issue 16, point 5): the heatmap (a signal's hourly or daily
// averages from the rollup tiers in DuckDB, or alarm counts from the alarm journal in SQLite) and
// the summary of a range per device and per area (alarm counts, readings, availability, the worst
// status now). The shapes and their meaning are documented in src/shared/contract/analytics.ts.
//
// Availability is measured on the 1 h rollups: the share of the range's hours (up to now) in
// which the device stored at least one good or uncertain reading of any signal — what a plant
// manager reads as "was it reporting", cheap over months because it never touches raw readings.
// The worst status is the one derivation every view uses (src/shared/device-status.ts), fed
// with the device's open alarms and the same freshness rule as the dashboard's online count.
import {
  HEATMAP_BUCKET_MS,
  heatmapBucketCount,
  type AlarmCounts,
  type AnalyticsSummary,
  type AnalyticsSummaryQuery,
  type AreaSummary,
  type DeviceSummary,
  type Heatmap,
  type HeatmapQuery,
} from '../../../shared/contract/analytics';
import { deviceStatus, type DeviceStatus } from '../../../shared/device-status';
import { areaName, seriesKey, URGENCY, type Alarm, type Device, type Reading } from '../../../shared/domain';
import type { AlarmStore } from '../alarms/alarm-store';
import type { HistoryStore } from '../history/history-store';
import type { StateDb } from '../state/state-db';
import { countAnnunciations } from './alarm-counts';
import { buildMatrix, meanMatrix, type HeatmapMatrix } from './heatmap-matrix';

export interface AnalyticsDeps {
  registry: { list(): Device[] };
  history: Pick<HistoryStore, 'bucketPartials'>;
  stateDb: StateDb;
  alarmStore: Pick<AlarmStore, 'list'>;
  live: { snapshot(): Reading[] };
  clock: () => number;
}

type Selection = { devices?: readonly string[]; area?: string; kind?: string };

const HOUR = HEATMAP_BUCKET_MS.hour;

function select(all: readonly Device[], s: Selection): Device[] {
  let out: Device[];
  if (s.devices) {
    const wanted = new Set(s.devices);
    out = all.filter((d) => wanted.has(d.id));
  } else if (s.area !== undefined) out = all.filter((d) => areaName(d.area) === areaName(s.area));
  else if (s.kind !== undefined) out = all.filter((d) => d.kind === s.kind);
  else out = [...all];
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function noAlarms(): AlarmCounts {
  return { total: 0, byPriority: { critical: 0, high: 0, medium: 0, low: 0 } };
}

/** The dashboard's freshness rule (metrics.ts): a reading within max(30 s, 3 × the interval). */
function offlineSince(d: Device, latest: ReadonlyMap<string, number>, now: number): number | null {
  let newest = 0;
  for (const s of d.signals) {
    const ts = latest.get(seriesKey(d.id, s.key));
    if (ts === undefined) continue;
    if (now - ts <= Math.max(30_000, 3 * s.intervalMs)) return null;
    newest = Math.max(newest, ts);
  }
  return newest;
}

const LEVEL_ORDER: Readonly<Record<DeviceStatus['level'], number>> = {
  alarm: 0,
  offline: 1,
  returned: 2,
  shelved: 3,
  suppressed: 4,
  predicted: 5,
  normal: 6,
};

function worse(a: DeviceStatus, b: DeviceStatus): boolean {
  if (LEVEL_ORDER[a.level] !== LEVEL_ORDER[b.level]) return LEVEL_ORDER[a.level] < LEVEL_ORDER[b.level];
  return (a.priority ? URGENCY[a.priority] : -1) > (b.priority ? URGENCY[b.priority] : -1);
}

export class AnalyticsService {
  constructor(private readonly deps: AnalyticsDeps) {}

  async heatmap(p: HeatmapQuery): Promise<Heatmap> {
    const { from, to, bucket } = p;
    let devices = select(this.deps.registry.list(), p);
    let unit: string | null = null;
    let matrix: HeatmapMatrix;
    if (p.measure === 'signal') {
      const signal = p.signal!;
      devices = devices.filter((d) => d.signals.some((s) => s.key === signal));
      unit = devices[0]?.signals.find((s) => s.key === signal)?.unit ?? null;
      const series = devices.map((d) => seriesKey(d.id, signal));
      const partials = await this.deps.history.bucketPartials(series, from, to, bucket === 'hour' ? '1h' : '1d');
      matrix = meanMatrix(new Map(series.map((k, i) => [k, i])), devices.length, from, to, bucket, partials);
    } else {
      const cells = countAnnunciations(this.deps.stateDb, from, to, HEATMAP_BUCKET_MS[bucket]).map((r) => ({
        device: r.deviceId,
        bucket: r.bucket,
        value: r.n,
      }));
      matrix = buildMatrix(
        devices.map((d) => d.id),
        from,
        to,
        bucket,
        cells,
        0,
      );
    }
    const ids = devices.map((d) => d.id);
    return {
      measure: p.measure,
      signal: p.measure === 'signal' ? p.signal! : null,
      unit,
      bucket,
      bucketMs: HEATMAP_BUCKET_MS[bucket],
      from,
      to,
      devices: ids,
      names: devices.map((d) => d.name || d.id),
      ...matrix,
    };
  }

  async summary(p: AnalyticsSummaryQuery): Promise<AnalyticsSummary> {
    const now = this.deps.clock();
    const { from, to } = p;
    const devices = select(this.deps.registry.list(), p);
    const alarms = new Map<string, AlarmCounts>();
    for (const r of countAnnunciations(this.deps.stateDb, from, to, Math.max(1, to - from + 1))) {
      const c = alarms.get(r.deviceId) ?? noAlarms();
      c.total += r.n;
      c.byPriority[r.priority] = (c.byPriority[r.priority] ?? 0) + r.n;
      alarms.set(r.deviceId, c);
    }
    const readings = new Map<string, number>();
    const hours = new Map<string, Set<number>>();
    const series = devices.flatMap((d) => d.signals.map((s) => seriesKey(d.id, s.key)));
    const partials = await this.deps.history.bucketPartials(series, from, to, '1h');
    const firstHour = from - (from % HOUR);
    for (let i = 0; i < partials.series.length; i++) {
      const key = partials.series[i]!;
      const id = key.slice(0, key.indexOf('/'));
      readings.set(id, (readings.get(id) ?? 0) + partials.n[i]!);
      if (partials.bucket[i]! >= firstHour) {
        let set = hours.get(id);
        if (!set) hours.set(id, (set = new Set()));
        set.add(partials.bucket[i]!);
      }
    }
    const until = Math.min(to, now);
    const hourCount = until < from ? 0 : heatmapBucketCount(from, until, 'hour');
    const latest = new Map(this.deps.live.snapshot().map((r) => [seriesKey(r.deviceId, r.signal), r.ts]));
    const open = new Map<string, Alarm[]>();
    for (const a of this.deps.alarmStore.list({ devices: devices.map((d) => d.id), limit: 100_000 })) {
      const list = open.get(a.deviceId) ?? [];
      list.push(a);
      open.set(a.deviceId, list);
    }

    const statuses = new Map<string, DeviceStatus>();
    const rows: DeviceSummary[] = devices.map((d) => {
      const status = deviceStatus({ alarms: open.get(d.id) ?? [], offlineSince: offlineSince(d, latest, now), now });
      statuses.set(d.id, status);
      return {
        id: d.id,
        name: d.name || d.id,
        kind: d.kind,
        area: areaName(d.area),
        alarms: alarms.get(d.id) ?? noAlarms(),
        readings: readings.get(d.id) ?? 0,
        availability: hourCount > 0 ? Math.min(1, (hours.get(d.id)?.size ?? 0) / hourCount) : null,
        status: { level: status.level, priority: status.priority, word: status.word, text: status.text },
      };
    });
    return {
      from,
      to,
      at: now,
      devices: rows,
      areas: summariseAreas(rows, statuses),
      totals: {
        devices: rows.length,
        alarms: rows.reduce((sum, r) => addCounts(sum, r.alarms), noAlarms()),
        readings: rows.reduce((n, r) => n + r.readings, 0),
      },
    };
  }
}

function addCounts(into: AlarmCounts, c: AlarmCounts): AlarmCounts {
  into.total += c.total;
  for (const [k, v] of Object.entries(c.byPriority)) into.byPriority[k as keyof AlarmCounts['byPriority']] += v;
  return into;
}

function summariseAreas(rows: readonly DeviceSummary[], statuses: ReadonlyMap<string, DeviceStatus>): AreaSummary[] {
  const byArea = new Map<string, DeviceSummary[]>();
  for (const r of rows) byArea.set(r.area, [...(byArea.get(r.area) ?? []), r]);
  return [...byArea.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([area, list]) => {
      let worst: DeviceSummary = list[0]!;
      for (const r of list) if (worse(statuses.get(r.id)!, statuses.get(worst.id)!)) worst = r;
      const measured = list.map((r) => r.availability).filter((a): a is number => a !== null);
      return {
        area,
        devices: list.length,
        alarms: list.reduce((sum, r) => addCounts(sum, r.alarms), noAlarms()),
        readings: list.reduce((n, r) => n + r.readings, 0),
        availability: measured.length > 0 ? measured.reduce((a, b) => a + b, 0) / measured.length : null,
        worst: { ...worst.status, deviceId: worst.id },
      };
    });
}
