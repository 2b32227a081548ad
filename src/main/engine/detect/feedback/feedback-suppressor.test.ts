import { describe, expect, it } from 'vitest';
import { MemoryLabelIndex } from '../../../../../test/support/label-index';
import type { Anomaly, DetectedAnomaly } from '../../../../shared/contract/detection';
import { Device, type Reading } from '../../../../shared/domain';
import type { AnomalyFilter } from '../../history/anomaly-table';
import type { AlarmCondition, AlarmSink } from '../condition';
import { DetectionStage } from '../detection-stage';
import { RuleBook } from '../rule-book';
import { StatsBank } from '../stats';
import { FeedbackSuppressor } from './feedback-suppressor';

class Sink implements AlarmSink {
  raised: { kind: string; ts: number }[] = [];
  calls = 0;
  apply(_d: string, _s: string, cond: AlarmCondition, _v: number, ts: number): void {
    this.calls++;
    if (cond.active) this.raised.push({ kind: cond.kind, ts });
  }
  isConditionActive(): boolean {
    return false;
  }
}

const device = Device.parse({
  id: 'd1',
  name: 'Press',
  signals: [{ key: 'temperature', unit: 'celsius', limits: { hi: 200 }, intervalMs: 60_000 }],
});
const registry = {
  get: (id: string) => (id === device.id ? device : undefined),
  signal: (id: string, key: string) => (id === device.id ? device.signals.find((s) => s.key === key) : undefined),
  list: () => [device],
};

/** A detection stage with feedback, its anomalies kept in an array standing for history's table. */
function setup() {
  const alarms = new Sink();
  const table: DetectedAnomaly[] = [];
  const feedback = new FeedbackSuppressor({
    anomalies: (f: AnomalyFilter) =>
      Promise.resolve(
        table.filter(
          (a) => a.deviceId === f.deviceId && a.signal === f.signal && a.ts >= f.from && a.ts <= f.to,
        ) as Anomaly[],
      ),
    devices: () => registry.list(),
    log: () => {},
  });
  const stage = new DetectionStage(
    { registry, alarms, rules: new RuleBook(), clock: () => 0, stats: new StatsBank({ warmup: 20 }), feedback },
    {
      stats: { enabled: true, alarms: true, threshold: 0.5, priority: 'low' },
      trend: { enabled: false, horizonMs: 60_000, priority: 'medium' },
    },
  );
  let ts = Date.UTC(2026, 0, 1);
  let i = 0;
  /** Readings a minute apart: calm noise, with one value `offset` away at the end. */
  const run = (calm: number, offset?: number): number => {
    const batch: Reading[] = [];
    for (let k = 0; k < calm; k++, i++) {
      batch.push({
        deviceId: 'd1',
        signal: 'temperature',
        ts: (ts += 60_000),
        value: 50 + Math.sin(i) * 0.5,
        quality: 'good',
      });
    }
    if (offset !== undefined) {
      batch.push({ deviceId: 'd1', signal: 'temperature', ts: (ts += 60_000), value: 50 + offset, quality: 'good' });
    }
    stage.process(batch);
    table.push(...stage.takeAnomalies());
    return ts;
  };
  return { alarms, table, feedback, run };
}

describe('false alarms feed back into detection', () => {
  it('stores a look-alike of a labelled false alarm as suppressed, without an alarm; other anomalies still alarm', async () => {
    const { alarms, table, feedback, run } = setup();
    const labels = new MemoryLabelIndex();
    await feedback.connect(labels);
    const first = run(300, 8);
    expect(alarms.raised).toEqual([{ kind: 'anomaly', ts: first }]);
    const anomaly = table.find((a) => a.ts === first)!;
    expect(anomaly.kind).toBe('statistical');

    const label = labels.create({
      deviceId: 'd1',
      signal: 'temperature',
      from: first,
      to: first,
      verdict: 'false-alarm',
      target: { type: 'anomaly', detector: 'stats', kind: 'statistical', ts: first },
    });
    await feedback.idle();
    expect(feedback.fingerprints).toBe(1);

    const again = run(300, 8.5);
    const stored = table.find((a) => a.ts === again)!;
    expect(stored).toMatchObject({ kind: 'statistical', suppressedBy: label.id });
    expect(alarms.raised).toHaveLength(1);

    const other = run(300, -8);
    expect(table.find((a) => a.ts === other)?.suppressedBy).toBeUndefined();
    expect(alarms.raised.at(-1)).toEqual({ kind: 'anomaly', ts: other });
    expect(feedback.suppressed).toBe(1);
  });

  it('leaves no active condition behind a suppressed anomaly, and alarms again once the label is deleted', async () => {
    const { alarms, table, feedback, run } = setup();
    const labels = new MemoryLabelIndex();
    await feedback.connect(labels);
    const first = run(300, 8);
    run(5); // its return to normal
    const label = labels.create({
      deviceId: 'd1',
      signal: 'temperature',
      from: first - 1,
      to: first + 1,
      verdict: 'false-alarm',
    });
    await feedback.idle();
    const calls = alarms.calls;
    run(300, 8);
    run(5);
    // Neither the suppressed raise nor a return for it reached the alarm service.
    expect(alarms.calls).toBe(calls);
    expect(table.filter((a) => a.suppressedBy === label.id)).toHaveLength(1);

    labels.delete(label.id);
    await feedback.idle();
    const later = run(300, 8);
    expect(alarms.raised.at(-1)).toEqual({ kind: 'anomaly', ts: later });
  });

  it('reads the false-alarm labels already there when it connects, and ignores other verdicts', async () => {
    const { alarms, feedback, run } = setup();
    const first = run(300, 8);
    const labels = new MemoryLabelIndex();
    labels.create({ deviceId: 'd1', signal: 'temperature', from: first, to: first, verdict: 'true-anomaly' });
    await feedback.connect(labels);
    expect(feedback.fingerprints).toBe(0);
    labels.create({ deviceId: 'd1', signal: '*', from: first - 1, to: first + 1, verdict: 'false-alarm' });
    await feedback.idle();
    expect(feedback.fingerprints).toBe(1);
    run(300, 8);
    expect(alarms.raised).toHaveLength(1);
  });
});
