// What the pipeline tells GET /metrics: readings stored per source only once durable (a failed
// write counts nothing, the source sends again), the queue and the readings being written, the lag
// of the oldest reading not yet durable, and one write-latency observation per batch.
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../shared/domain';
import { Pipeline, type PipelineDeps } from './pipeline';

/** A history whose writes wait until the test lets them finish (or fail). */
function heldHistory() {
  const writes: { readings: readonly Reading[]; finish: (err?: Error) => void }[] = [];
  const history = {
    writable: true,
    append(readings: readonly Reading[]) {
      return new Promise<{ stored: number; duplicates: number }>((resolve, reject) => {
        writes.push({
          readings,
          finish: (err) => (err ? reject(err) : resolve({ stored: readings.length, duplicates: 0 })),
        });
      });
    },
    noteStorageFault() {},
    refusal: () => new Error('not writable'),
    whenWritable: () => Promise.resolve(),
  };
  return { history, writes };
}

function pipelineWith(clock: { now: number }) {
  const { history, writes } = heldHistory();
  const deps = {
    registry: { signal: () => ({}), get: () => ({}), registerSignals: () => ({ refused: [] }) },
    history,
    deadLetters: { addMany() {} },
    live: { publish() {} },
    detection: { process() {}, flush: () => Promise.resolve() },
    clock: () => clock.now,
    log: () => {},
  } as unknown as PipelineDeps;
  const pipeline = new Pipeline(deps, {
    autoRegister: true,
    maxPayloadBytes: 1 << 20,
    commitIntervalMs: 0,
    maxSignalsPerDevice: 100,
    maxFutureMs: 60_000,
    maxAgeMs: 365 * 86_400_000,
    liveWindowMs: 60_000,
  });
  return { pipeline, writes };
}

const payload = (n: number, ts: number) =>
  new TextEncoder().encode(
    JSON.stringify(
      Array.from({ length: n }, (_, i) => ({ deviceId: 'd1', sensorType: `s${i}`, value: i, timestamp: ts })),
    ),
  );

const flushStarted = () => new Promise((r) => setImmediate(r));

describe('the pipeline’s figures for /metrics', () => {
  it('counts readings stored per source once the write is durable, with the lag until then', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 0, 0) };
    const { pipeline, writes } = pipelineWith(clock);
    const a = pipeline.submit('mqtt-a', 'topic', payload(3, clock.now));
    clock.now += 200;
    const b = pipeline.submit('kafka-b', 'topic', payload(2, clock.now));
    expect(pipeline.queued).toBe(5);
    expect(pipeline.meter.lagMs(clock.now)).toBe(200);
    await flushStarted();
    expect(writes).toHaveLength(1);
    expect(pipeline.queued).toBe(0);
    expect(pipeline.meter.inFlight).toBe(5);
    clock.now += 300;
    expect(pipeline.meter.lagMs(clock.now)).toBe(500);
    expect(pipeline.counters('mqtt-a')).toMatchObject({ readings: 3, stored: 0 });
    writes[0]!.finish();
    await Promise.all([a, b]);
    expect(pipeline.counters('mqtt-a')).toMatchObject({ messages: 1, readings: 3, stored: 3 });
    expect(pipeline.counters('kafka-b')).toMatchObject({ messages: 1, readings: 2, stored: 2 });
    expect(pipeline.meter.inFlight).toBe(0);
    expect(pipeline.meter.lagMs(clock.now)).toBe(0);
    expect(pipeline.meter.writeLatency.count).toBe(1);
  });

  it('counts nothing as stored when the write fails', async () => {
    const clock = { now: Date.UTC(2026, 11, 7, 0, 0) };
    const { pipeline, writes } = pipelineWith(clock);
    const a = pipeline.submit('mqtt-a', 'topic', payload(4, clock.now));
    await flushStarted();
    writes[0]!.finish(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    expect(pipeline.counters('mqtt-a')).toMatchObject({ readings: 4, stored: 0 });
    expect(pipeline.meter.lagMs(clock.now)).toBe(0);
    expect(pipeline.meter.writeLatency.count).toBe(0);
  });
});
