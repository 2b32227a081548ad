// The review queue against a real engine: alarms raised by readings and closed by an operator,
// and anomalies stored in history, come back newest first until a label covers them — by its
// range on the series or the whole device, or by naming them as its target. An anomaly that
// raised an alarm is one item, the alarm; one that feedback suppressed is not asked about.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { DetectedAnomaly } from '../../src/shared/contract/detection';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function stats(deviceId: string, signal: string, ts: number, score: number): DetectedAnomaly {
  return {
    deviceId,
    signal,
    ts,
    detector: 'stats',
    score,
    message: `unusual ${signal}`,
    kind: 'statistical',
    evidence: {
      score,
      threshold: 0.9,
      baseline: 40,
      deviation: 12,
      z: 6,
      scale: 2,
      reason: 'level',
      seasonal: 'none',
      warm: true,
      count: 500,
      value: 52,
    },
  };
}

describe('the review queue', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;
  let now: number;
  const alarmIds = new Map<string, number>();

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(join(dir.path, 'data'), { simulator: { enabled: false } });
    client = contractClient(engine);
    now = Date.now();
    const readings = [
      { deviceId: 'device-001', sensorType: 'temperature', value: 99, timestamp: now - 3000 },
      { deviceId: 'device-002', sensorType: 'pressure', value: 2, timestamp: now - 2000 },
      { deviceId: 'device-005', sensorType: 'quality_score', value: 70, timestamp: now - 1000 },
    ];
    await engine.services.pipeline.submit('test', 'limits', new TextEncoder().encode(JSON.stringify(readings)));
    const open = () => engine.services.alarmStore.list({ limit: 10 });
    await waitFor(() => open().length === 3, { what: 'three alarms' });
    for (const a of open()) {
      alarmIds.set(a.deviceId, a.id);
      await client.request('alarms.resolve', { id: a.id, comment: 'checked on site' });
    }
    await waitFor(
      async () =>
        (await engine.services.history.anomaliesAcross({ from: now - HOUR, to: now, limit: 10 })).length === 3,
      { what: 'the three limit anomalies in history' },
    );
    await engine.services.history.appendAnomalies([
      stats('device-003', 'vibration', now - HOUR, 0.95),
      stats('device-003', 'vibration', now - 2 * HOUR, 0.97),
      stats('device-003', 'vibration', now - 3 * HOUR, 0.99),
      stats('device-003', 'vibration', now - 10 * DAY, 0.93),
      // Suppressed by feedback (a look-alike of a false alarm): it raised nothing, nobody is asked.
      { ...stats('device-003', 'vibration', now - 4 * HOUR, 0.96), suppressedBy: 'lbl-1' },
    ]);
  });

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('lists closed alarms and anomalies nobody labelled, newest first, each alarm once', async () => {
    const stored = await engine.services.history.anomaliesAcross({ from: now - 5 * HOUR, to: now, limit: 20 });
    expect(stored.find((a) => a.ts === now - 4 * HOUR)?.suppressedBy).toBe('lbl-1');
    const { items, total } = await client.request('annotations.queue', {});
    expect(total).toBe(6);
    expect(items.map((i) => [i.source, i.deviceId, i.from])).toEqual([
      ['alarm', 'device-005', now - 1000],
      ['alarm', 'device-002', now - 2000],
      ['alarm', 'device-001', now - 3000],
      ['anomaly', 'device-003', now - HOUR],
      ['anomaly', 'device-003', now - 2 * HOUR],
      ['anomaly', 'device-003', now - 3 * HOUR],
    ]);
    const alarm = items[2]!;
    expect(alarm).toMatchObject({
      key: `alarm:${alarmIds.get('device-001')}`,
      kind: 'high',
      detector: 'rule:limits',
      priority: expect.any(String),
      alarmId: alarmIds.get('device-001'),
      target: { type: 'alarm', alarmId: alarmIds.get('device-001') },
    });
    expect(alarm.to).toBeGreaterThanOrEqual(alarm.from);
    expect(items[3]).toMatchObject({
      key: `anomaly:device-003/vibration/stats/${now - HOUR}`,
      kind: 'statistical',
      score: 0.95,
      priority: null,
      target: { type: 'anomaly', detector: 'stats', kind: 'statistical', ts: now - HOUR },
    });
    const month = await client.request('annotations.queue', { days: 30, limit: 2 });
    expect(month.total).toBe(7);
    expect(month.items).toHaveLength(2);
    const one = await client.request('annotations.queue', { deviceId: 'device-003' });
    expect(one.items.map((i) => i.from)).toEqual([now - HOUR, now - 2 * HOUR, now - 3 * HOUR]);
  });

  it('drops what a label covers: by range on the series or device, or by naming it', async () => {
    const label = (p: Parameters<typeof client.request<'annotations.create'>>[1]) =>
      client.request('annotations.create', p);
    // A range on the series containing the anomaly's time.
    await label({
      deviceId: 'device-003',
      signal: 'vibration',
      from: now - 2 * HOUR - 5,
      to: now - 2 * HOUR + 5,
      verdict: 'false-alarm',
    });
    // A whole-device label containing the alarm's start.
    await label({ deviceId: 'device-005', from: now - 60_000, to: now, verdict: 'maintenance' });
    // Labels elsewhere in time that name the alarm and the anomaly.
    await label({
      deviceId: 'device-002',
      signal: 'pressure',
      from: 0,
      to: 1,
      verdict: 'true-anomaly',
      target: { type: 'alarm', alarmId: alarmIds.get('device-002')! },
    });
    const named = await label({
      deviceId: 'device-003',
      signal: 'vibration',
      from: 0,
      to: 1,
      verdict: 'false-alarm',
      target: { type: 'anomaly', detector: 'stats', kind: 'statistical', ts: now - 3 * HOUR },
    });
    // A label on another signal, or of another device, covers nothing here.
    await label({
      deviceId: 'device-001',
      signal: 'temperature',
      from: now - 2 * HOUR - 5,
      to: now - 2 * HOUR + 5,
      verdict: 'unsure',
    });

    const { items, total } = await client.request('annotations.queue', {});
    expect(items.map((i) => i.key)).toEqual([
      `alarm:${alarmIds.get('device-001')}`,
      `anomaly:device-003/vibration/stats/${now - HOUR}`,
    ]);
    expect(total).toBe(2);

    // Deleting a label puts what it covered back in the queue.
    await client.request('annotations.delete', { id: named.id, revision: 1 });
    const back = await client.request('annotations.queue', {});
    expect(back.items.map((i) => i.from)).toEqual([now - 3000, now - HOUR, now - 3 * HOUR]);
  });
});
