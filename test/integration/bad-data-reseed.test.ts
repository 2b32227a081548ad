// A bad-data label made after the fact over readings a live series has already learned: its
// statistics and trend are rebuilt from history (real DuckDB) without the labelled readings, and
// nothing alarms on the way; a label older than what the series remembers changes nothing;
// deleting the label rebuilds it with the readings back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadDataReseed, type Reseeded } from '../../src/main/engine/detect/bad-data-reseed';
import type { AlarmCondition, AlarmSink } from '../../src/main/engine/detect/condition';
import { DetectionStage } from '../../src/main/engine/detect/detection-stage';
import { RuleBook } from '../../src/main/engine/detect/rule-book';
import { StatsBank, TrendPredictor } from '../../src/main/engine/detect/stats';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import { Device, type Reading } from '../../src/shared/domain';
import { openHistory, reading } from '../support/history-fixture';
import { MemoryLabelIndex } from '../support/label-index';
import { makeTempDir } from '../support/temp-dir';

const device = Device.parse({
  id: 'd1',
  name: 'Press',
  signals: [{ key: 'temperature', unit: 'celsius', limits: { lo: 15, hi: 85 }, intervalMs: 1000 }],
});
const registry = {
  get: (id: string) => (id === device.id ? device : undefined),
  signal: (id: string, key: string) => (id === device.id ? device.signals.find((s) => s.key === key) : undefined),
};
const KEY = 'd1/temperature';
const T0 = Date.parse('2026-11-01T00:00:00Z');
const at = (i: number) => T0 + i * 1000;
const calm = (i: number) => 50 + Math.sin(i * 1.7) * 0.5;
/** Readings 300–359: a sensor stuck at 70, learned before anyone said it was bad. */
const faulty = (i: number) => (i >= 300 && i <= 359 ? 70 : calm(i));
const REMEMBERED = 250; // the newest readings a rebuild replays
const N = 600;

const bank = () => new StatsBank({ warmup: 50, seasonality: 'none' });
const predictor = () => new TrendPredictor({ window: 20, minReadings: 10 });

/** A bank fed these readings only. */
function fedWith(indices: number[], value: (i: number) => number) {
  const b = bank();
  const s = b.slot(KEY);
  for (const i of indices) b.update(s, at(i), value(i));
  return b.explain(s);
}

describe('rebuilding baselines after a bad-data label', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let history: HistoryStore;

  beforeEach(async () => {
    dir = makeTempDir();
    history = await openHistory(dir.path, {}, () => at(N));
  });
  afterEach(async () => {
    await history.stop();
    dir.remove();
  });

  it('rebuilds from history without the labelled readings, raising nothing; an old label or a text edit changes nothing', async () => {
    const index = new MemoryLabelIndex();
    const calls: AlarmCondition[] = [];
    const alarms: AlarmSink = { apply: (_d, _s, c) => calls.push({ ...c }), isConditionActive: () => false };
    const stats = bank();
    const trend = predictor();
    const stage = new DetectionStage(
      { registry, alarms, rules: new RuleBook([]), clock: () => at(N), stats, trend },
      {
        stats: { enabled: true, alarms: true, threshold: 0.5, priority: 'low' },
        trend: { enabled: true, horizonMs: 600_000, priority: 'medium' },
      },
    );
    stage.useLabels(index);
    const reseeded: Reseeded[] = [];
    const reseed = new BadDataReseed({
      index,
      readings: (series, from, to, limit, newest) => history.rawReadings(series, from, to, limit, newest),
      signalsOf: () => ['temperature'],
      stats,
      trend,
      clock: () => at(N),
      log: () => {},
      replayReadings: REMEMBERED,
    });
    reseed.start((r) => reseeded.push(r));

    for (let i = 0; i < N; i += 20) {
      const batch: Reading[] = [];
      for (let k = i; k < i + 20; k++) batch.push(reading(KEY, at(k), faulty(k)));
      await history.append(batch);
      stage.process(batch);
    }
    await history.compactNow();
    const slot = stats.slot(KEY);
    const remembered = Array.from({ length: REMEMBERED }, (_, k) => N - REMEMBERED + k); // 350…599
    const clean = remembered.filter((i) => i < 300 || i > 359);
    expect(stats.explain(slot)).toEqual(
      fedWith(
        Array.from({ length: N }, (_, i) => i),
        faulty,
      ),
    );
    const alarmsBefore = calls.length;

    // A label older than anything the series remembers: nothing to rebuild.
    index.create({ deviceId: 'd1', signal: 'temperature', from: at(100), to: at(120), verdict: 'bad-data' });
    await reseed.idle();
    expect(reseeded).toEqual([]);

    const label = index.create({
      deviceId: 'd1',
      signal: 'temperature',
      from: at(300),
      to: at(359),
      verdict: 'bad-data',
    });
    await reseed.idle();
    expect(reseeded).toEqual([{ series: KEY, readings: clean.length }]);
    expect(stats.explain(slot)).toEqual(fedWith(clean, faulty));
    expect(stats.isAnomaly(slot)).toBe(false);
    expect(calls.length).toBe(alarmsBefore); // the rebuild told the alarm service nothing

    // A text edit moves nothing.
    index.update(label.id, { text: 'stuck transmitter' });
    await reseed.idle();
    expect(reseeded).toHaveLength(1);

    // Deleted: the readings count again.
    index.delete(label.id);
    await reseed.idle();
    expect(reseeded.at(-1)).toEqual({ series: KEY, readings: REMEMBERED });
    expect(stats.explain(slot)).toEqual(fedWith(remembered, faulty));
    expect(calls.length).toBe(alarmsBefore);
  });
});
