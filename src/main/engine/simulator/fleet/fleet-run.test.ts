import { describe, expect, it } from 'vitest';
import type { FaultLabel } from './fault';
import type { TelemetryMessage } from './fleet-messages';
import { FleetModel, type FleetSpec } from './fleet-model';
import { runFleet, type FleetProgress, type FleetRunOptions } from './fleet-run';
import { DeliveryLedger, type TelemetryTarget } from './telemetry-target';

/** A broker in memory: accepts each message after `delayMs`, keeps what it got and when. */
class MemoryTarget implements TelemetryTarget {
  readonly description = 'memory';
  readonly received: { message: TelemetryMessage; at: number }[] = [];
  private readonly ledger = new DeliveryLedger(() => {});
  maxPending = 0;

  constructor(private readonly delayMs = 0) {}

  get counts() {
    return this.ledger.counts;
  }
  async connect() {}
  send(message: TelemetryMessage) {
    this.ledger.sent();
    this.maxPending = Math.max(this.maxPending, this.ledger.counts.pending);
    setTimeout(() => {
      this.received.push({ message, at: Date.now() });
      this.ledger.accepted(1, message.readings);
    }, this.delayMs);
  }
  settle(max: number) {
    return this.ledger.settle(max);
  }
  async close(timeoutMs: number) {
    await this.ledger.settle(0, timeoutMs);
    this.ledger.abandon();
  }
}

const ALL: FleetSpec['faults'] = ['spike', 'drift', 'stuck', 'noise', 'dropout', 'offline'];

async function run(spec: Partial<FleetSpec>, options: Partial<FleetRunOptions> = {}) {
  const target = (options.target as MemoryTarget | undefined) ?? new MemoryTarget();
  const labels: FaultLabel[] = [];
  const started = Date.now();
  const result = await runFleet({
    model: new FleetModel({ devices: 10, signals: 2, intervalMs: 50, seed: 11, faults: [], faultRate: 0, ...spec }),
    target,
    batch: false,
    durationMs: 400,
    signal: new AbortController().signal,
    labels: { write: (l) => labels.push(l) },
    ...options,
  });
  return { result, target, labels, started, ended: Date.now() };
}

const withoutTime = (payload: string) => {
  const { timestamp: _t, ...rest } = JSON.parse(payload) as Record<string, unknown>;
  return rest;
};

describe('runFleet', () => {
  it('publishes every tick before the end of the run, spread over each interval, stamped with its schedule', async () => {
    const { result, target } = await run({});
    // 10 devices × 2 signals × 8 ticks (0, 50 … 350 ms).
    expect(result).toMatchObject({ published: 160, readings: 160, failed: 0, stopMs: 400, faults: {} });
    expect(result.seconds).toBeGreaterThanOrEqual(0.4);
    expect(result.seconds).toBeLessThan(0.6);
    const stamps = target.received.map((r) => Date.parse(JSON.parse(r.message.payload).timestamp as string));
    expect(Math.min(...stamps)).toBe(result.origin);
    expect(Math.max(...stamps)).toBeLessThan(result.origin + 400);
    // Not all at once: the ten devices of one tick go out at several moments.
    expect(new Set(stamps.filter((s) => s < result.origin + 50)).size).toBe(10);
    // Each went out once its time had come.
    for (const r of target.received) {
      expect(r.at).toBeGreaterThanOrEqual(Date.parse(JSON.parse(r.message.payload).timestamp as string));
    }
  });

  it('sends the same values with the same seed', async () => {
    const a = await run({ faults: ALL, faultRate: 200 }, { batch: true });
    const b = await run({ faults: ALL, faultRate: 200 }, { batch: true });
    expect(b.target.received.map((r) => withoutTime(r.message.payload))).toEqual(
      a.target.received.map((r) => withoutTime(r.message.payload)),
    );
    expect(b.result.faults).toEqual(a.result.faults);
  });

  it('labels every injected fault once, inside the run', async () => {
    const { result, labels } = await run({ faults: ALL, faultRate: 300 }, { durationMs: 600 });
    const counted = Object.values(result.faults).reduce((s, n) => s + n, 0);
    expect(counted).toBeGreaterThan(3);
    expect(labels).toHaveLength(counted);
    for (const kind of ALL) expect(labels.filter((l) => l.kind === kind)).toHaveLength(result.faults[kind]!);
    for (const l of labels) {
      expect(Date.parse(l.start)).toBeGreaterThanOrEqual(result.origin);
      expect(Date.parse(l.end)).toBeLessThanOrEqual(result.origin + 600);
      expect(Date.parse(l.end)).toBeGreaterThan(Date.parse(l.start));
    }
    // Minutes-long faults outlast a 0.6 s run: they are labelled up to its end, and say so.
    expect(labels.some((l) => l.truncated === true && l.end === new Date(result.origin + 600).toISOString())).toBe(
      true,
    );
  });

  it('stops on abort, labels what was open up to that moment, and reports progress on the way', async () => {
    const stop = new AbortController();
    const progress: FleetProgress[] = [];
    setTimeout(() => stop.abort(), 450);
    const { result, labels, ended } = await run(
      { faults: ['offline'], faultRate: 500 },
      { durationMs: 0, signal: stop.signal, progressEveryMs: 100, onProgress: (p) => progress.push(p) },
    );
    expect(result.stopMs).toBeGreaterThan(400);
    expect(result.stopMs).toBeLessThan(600);
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels)
      expect(Date.parse(l.end)).toBeLessThanOrEqual(Math.min(ended, result.origin + result.stopMs));

    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)!.readings).toBeGreaterThan(0);
    expect(progress.some((p) => (p.activeFaults.offline ?? 0) > 0)).toBe(true);
  });

  it('waits for a slow target instead of queueing without bound, and says how far behind it is', async () => {
    const target = new MemoryTarget(30);
    const progress: FleetProgress[] = [];
    const { result } = await run(
      { devices: 50, intervalMs: 20 },
      { target, maxPending: 50, durationMs: 200, progressEveryMs: 100, onProgress: (p) => progress.push(p) },
    );
    expect(target.maxPending).toBeLessThanOrEqual(50 + 2);
    // At most 50 answers per 30 ms: 1,000 messages take about 0.6 s, three times the schedule.
    expect(result.published).toBe(50 * 2 * 10);
    expect(Math.max(...progress.map((p) => p.behindMs))).toBeGreaterThan(100);
  });
});
