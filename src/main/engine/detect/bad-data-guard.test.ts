// Bad data through the detection stage: a run inside a live bad-data label does not move the
// statistics baseline, raise a statistical anomaly or a trend warning, while the rules still judge
// it; a series with no bad-data label never asks the index per reading.
import { describe, expect, it } from 'vitest';
import { Device, type Reading } from '../../../shared/domain';
import { MemoryLabelIndex } from '../../../../test/support/label-index';
import type { AlarmCondition, AlarmSink } from './condition';
import { DetectionStage } from './detection-stage';
import { RuleBook } from './rule-book';
import { StatsBank, TrendPredictor } from './stats';

class Sink implements AlarmSink {
  calls: (AlarmCondition & { signal: string; ts: number })[] = [];
  apply(_d: string, signal: string, cond: AlarmCondition, _v: number, ts: number): void {
    this.calls.push({ ...cond, signal, ts });
  }
  isConditionActive(): boolean {
    return false;
  }
  raised(kind: string): number {
    return this.calls.filter((c) => c.kind === kind && c.active).length;
  }
}

const device = Device.parse({
  id: 'd1',
  name: 'Press',
  signals: [
    { key: 'temperature', unit: 'celsius', limits: { lo: 15, hi: 85 }, intervalMs: 1000 },
    { key: 'pressure', limits: {} },
  ],
});
const registry = {
  get: (id: string) => (id === device.id ? device : undefined),
  signal: (id: string, key: string) => (id === device.id ? device.signals.find((s) => s.key === key) : undefined),
};

function stage(index?: MemoryLabelIndex) {
  const alarms = new Sink();
  const stats = new StatsBank({ warmup: 50, seasonality: 'none' });
  const trend = new TrendPredictor({ window: 20, minReadings: 10 });
  const s = new DetectionStage(
    { registry, alarms, rules: new RuleBook([]), clock: () => 0, stats, trend },
    {
      stats: { enabled: true, alarms: true, threshold: 0.5, priority: 'low' },
      trend: { enabled: true, horizonMs: 10 * 60_000, priority: 'medium' },
    },
  );
  if (index) s.useLabels(index);
  return { stage: s, alarms, stats, slot: stats.slot('d1/temperature') };
}

const T0 = 1_000_000;
const at = (i: number) => T0 + i * 1000;
const calm = (i: number) => 50 + Math.sin(i * 1.7) * 0.5;
/** A sensor fault: readings 300–359 climb from 60 to 95 (over the hi limit at the end). */
const BAD_FROM = 300;
const BAD_TO = 359;
const faulty = (i: number) => (i >= BAD_FROM && i <= BAD_TO ? 60 + ((i - BAD_FROM) * 35) / 59 : calm(i));
const r = (i: number, value: number, signal = 'temperature'): Reading => ({
  deviceId: 'd1',
  signal,
  ts: at(i),
  value,
  quality: 'good',
});

function feed(s: DetectionStage, n: number, value: (i: number) => number, skip?: (i: number) => boolean) {
  for (let i = 0; i < n; i += 10) {
    const batch: Reading[] = [];
    for (let k = i; k < Math.min(n, i + 10); k++) if (!skip?.(k)) batch.push(r(k, value(k)));
    s.process(batch);
  }
}

describe('bad data in detection', () => {
  it('a labelled bad-data run leaves the baseline as if it had not happened and raises no statistics or trend alarm', () => {
    const index = new MemoryLabelIndex();
    index.create({ deviceId: 'd1', signal: 'temperature', from: at(BAD_FROM), to: at(BAD_TO), verdict: 'bad-data' });
    const labelled = stage(index);
    const unlabelled = stage();
    const reference = stage(); // never saw the fault at all
    feed(labelled.stage, 600, faulty);
    feed(unlabelled.stage, 600, faulty);
    feed(reference.stage, 600, calm, (i) => i >= BAD_FROM && i <= BAD_TO);

    // Without the label the fault raises a statistical anomaly and a trend warning (the test can fail)…
    expect(unlabelled.alarms.raised('anomaly')).toBeGreaterThan(0);
    expect(unlabelled.alarms.raised('trend')).toBeGreaterThan(0);
    // …with it, neither, and the baseline is exactly the one of a series that never had the fault.
    expect(labelled.alarms.raised('anomaly')).toBe(0);
    expect(labelled.alarms.raised('trend')).toBe(0);
    expect(labelled.stats.explain(labelled.slot)).toEqual(reference.stats.explain(reference.slot));
    // The rules still judge bad data: the fault went over hi 85.
    const found = labelled.stage.takeAnomalies();
    expect(found.filter((a) => a.kind === 'high')).toHaveLength(1);
    expect(found.filter((a) => a.kind === 'statistical')).toHaveLength(0);
  });

  it('a whole-device label keeps every signal of the device out, and a label made while a fault lasts takes effect at once', () => {
    const index = new MemoryLabelIndex();
    const labelled = stage(index);
    const reference = stage();
    feed(labelled.stage, BAD_FROM, faulty);
    index.create({ deviceId: 'd1', signal: '*', from: at(BAD_FROM), to: at(100_000), verdict: 'bad-data' });
    for (let i = BAD_FROM; i < 400; i++) labelled.stage.process([r(i, faulty(i)), r(i, 1000 + i, 'pressure')]);
    feed(reference.stage, BAD_FROM, calm);
    expect(labelled.stats.explain(labelled.slot)).toEqual(reference.stats.explain(reference.slot));
    expect(labelled.stats.has('d1/pressure')).toBe(true);
    expect(labelled.stats.explain(labelled.stats.slot('d1/pressure')).count).toBe(0);
    expect(labelled.alarms.raised('anomaly')).toBe(0);
  });

  it('asks the index per reading only for series with a bad-data label', () => {
    const index = new MemoryLabelIndex();
    let asked = 0;
    const covering = index.covering.bind(index);
    index.covering = (...args) => {
      asked++;
      return covering(...args);
    };
    const { stage: s } = stage(index);
    index.create({ deviceId: 'd1', signal: 'temperature', from: at(0), to: at(5), verdict: 'false-alarm' });
    for (let i = 0; i < 100; i++) s.process([r(i, calm(i)), r(i, 3, 'pressure')]);
    expect(asked).toBe(0);
    index.create({ deviceId: 'd1', signal: 'pressure', from: at(200), to: at(210), verdict: 'bad-data' });
    for (let i = 100; i < 200; i++) s.process([r(i, calm(i)), r(i, 3, 'pressure')]);
    expect(asked).toBe(100); // pressure's readings only
  });
});
