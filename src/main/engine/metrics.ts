// The engine's own figures for dashboards and administrators: fleet and alarm counts, ingest
// rate, process resources and storage.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardMetrics, SystemMetrics } from '../../shared/contract';
import { seriesKey } from '../../shared/domain';
import type { Engine } from './engine';

/** Samples a monotonically growing counter to report its rate over the last minute. */
export class RateMeter {
  private samples: [number, number][] = [];

  constructor(private readonly windowMs = 60_000) {}

  sample(now: number, value: number): void {
    this.samples.push([now, value]);
    while (this.samples.length > 2 && this.samples[1]![0] <= now - this.windowMs) this.samples.shift();
  }

  perSecond(): number {
    if (this.samples.length < 2) return 0;
    const [t0, v0] = this.samples[0]!;
    const [t1, v1] = this.samples[this.samples.length - 1]!;
    return t1 > t0 ? ((v1 - v0) * 1000) / (t1 - t0) : 0;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export async function dashboardMetrics(engine: Engine, rate: RateMeter): Promise<DashboardMetrics> {
  const now = engine.clock();
  const latest = new Map(engine.live.snapshot().map((r) => [seriesKey(r.deviceId, r.signal), r.ts]));
  let online = 0;
  let unconfigured = 0;
  const devices = engine.registry.list();
  for (const d of devices) {
    if (d.unconfigured) unconfigured++;
    const fresh = d.signals.some((s) => {
      const ts = latest.get(seriesKey(d.id, s.key));
      return ts !== undefined && now - ts <= Math.max(30_000, 3 * s.intervalMs);
    });
    if (fresh) online++;
  }
  const open = engine.alarmStore.list({ limit: 100_000 });
  const byPriority = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const a of open) byPriority[a.priority]++;
  return {
    at: now,
    devices: { total: devices.length, online, offline: devices.length - online, unconfigured },
    alarms: {
      open: open.length,
      unacknowledged: open.filter((a) => a.state === 'unack_active' || a.state === 'unack_rtn').length,
      byPriority,
    },
    readings: {
      perSecond: Math.round(rate.perSecond() * 10) / 10,
      storedSinceStart: engine.history.stored,
      total: await engine.history.totalReadings(),
    },
    deadLetters: engine.deadLetters.count,
  };
}

export async function systemMetrics(engine: Engine): Promise<SystemMetrics> {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    at: engine.clock(),
    version: engine.version,
    uptimeMs: engine.health().uptimeMs,
    runtime: { node: process.versions.node, platform: process.platform, arch: process.arch, pid: process.pid },
    memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external },
    cpu: { userMs: cpu.user / 1000, systemMs: cpu.system / 1000 },
    storage: {
      dataDir: engine.config.dataDir,
      historyBytes: engine.history.sizeBytes(),
      stateBytes:
        fileSize(join(engine.config.dataDir, 'state.db')) + fileSize(join(engine.config.dataDir, 'state.db-wal')),
      series: engine.history.seriesCount,
      readings: await engine.history.totalReadings(),
      hotReadings: engine.history.hotRows,
    },
    pipeline: { queued: engine.pipeline.queued, received: engine.pipeline.received, stored: engine.history.stored },
  };
}
