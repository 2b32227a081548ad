// The engine's own figures for dashboards and administrators: fleet and alarm counts, ingest
// rate, process resources and storage.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardMetrics, SystemMetrics } from '../../shared/contract';
import type { EngineServices } from './engine-services';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

type DashboardServices = Pick<
  EngineServices,
  'clock' | 'live' | 'registry' | 'alarmStore' | 'ingestRate' | 'history' | 'deadLetters'
>;

/** Devices online (a signal heard within max(30 s, 3 × its interval)), offline, stale (online, a signal silent), unconfigured. */
export function deviceCounts(s: Pick<EngineServices, 'live' | 'registry'>, now: number): DashboardMetrics['devices'] {
  let total = 0;
  let online = 0;
  let unconfigured = 0;
  let stale = 0;
  for (const d of s.registry.values()) {
    total++;
    if (d.unconfigured) unconfigured++;
    let fresh = 0;
    for (const signal of d.signals) {
      const ts = s.live.latestTs(d.id, signal.key);
      if (ts !== undefined && now - ts <= Math.max(30_000, 3 * signal.intervalMs)) fresh++;
    }
    if (fresh > 0) online++;
    if (fresh > 0 && fresh < d.signals.length) stale++;
  }
  return { total, online, offline: total - online, stale, unconfigured };
}

export async function dashboardMetrics(s: DashboardServices): Promise<DashboardMetrics> {
  const now = s.clock();
  const open = s.alarmStore.list({ limit: 100_000 });
  const byPriority = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const a of open) byPriority[a.priority]++;
  return {
    at: now,
    devices: deviceCounts(s, now),
    alarms: {
      open: open.length,
      unacknowledged: open.filter((a) => a.state === 'unack_active' || a.state === 'unack_rtn').length,
      byPriority,
    },
    readings: {
      perSecond: Math.round(s.ingestRate.perSecond() * 10) / 10,
      storedSinceStart: s.history.stored,
      total: await s.history.totalReadings(),
    },
    deadLetters: s.deadLetters.count,
  };
}

type SystemServices = Pick<EngineServices, 'clock' | 'version' | 'health' | 'config' | 'history' | 'pipeline'>;

export async function systemMetrics(s: SystemServices): Promise<SystemMetrics> {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    at: s.clock(),
    version: s.version,
    uptimeMs: s.health().uptimeMs,
    runtime: { node: process.versions.node, platform: process.platform, arch: process.arch, pid: process.pid },
    memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external },
    cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
    storage: {
      dataDir: s.config.dataDir,
      historyBytes: s.history.sizeBytes(),
      stateBytes: fileSize(join(s.config.dataDir, 'state.db')) + fileSize(join(s.config.dataDir, 'state.db-wal')),
      series: s.history.seriesCount,
      readings: await s.history.totalReadings(),
      hotReadings: s.history.hotRows,
    },
    pipeline: { queued: s.pipeline.queued, received: s.pipeline.received, stored: s.history.stored },
  };
}
