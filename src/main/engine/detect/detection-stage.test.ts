import { describe, expect, it } from 'vitest';
import type { RuleEntryInput } from '../../../shared/contract/detection';
import { ANOMALY_EVIDENCE, Anomaly, RuleEntry } from '../../../shared/contract/detection';
import { Device, type Quality, type Reading } from '../../../shared/domain';
import type { AlarmCondition, AlarmSink } from './condition';
import { DetectionStage } from './detection-stage';
import { RuleBook } from './rule-book';
import { StatsBank, TrendPredictor } from './stats';

interface Call extends AlarmCondition {
  deviceId: string;
  signal: string;
  value: number;
  ts: number;
}

/** Records what the alarm service would be told (copies: the stage reuses its condition object). */
class RecordingSink implements AlarmSink {
  calls: Call[] = [];
  open = new Set<string>();
  apply(deviceId: string, signal: string, cond: AlarmCondition, value: number, ts: number): void {
    this.calls.push({ ...cond, deviceId, signal, value, ts });
  }
  isConditionActive(key: string): boolean {
    return this.open.has(key);
  }
  of(kind: string): Call[] {
    return this.calls.filter((c) => c.kind === kind);
  }
}

const device = Device.parse({
  id: 'd1',
  name: 'Press',
  signals: [
    { key: 'temperature', unit: 'celsius', limits: { lo: 15, hi: 85, hiHi: 95 }, deadband: 1, intervalMs: 1000 },
    { key: 'pressure', limits: {} },
  ],
});
const registry = {
  get: (id: string) => (id === device.id ? device : undefined),
  signal: (id: string, key: string) => (id === device.id ? device.signals.find((s) => s.key === key) : undefined),
};

function setup(entries: RuleEntryInput[] = [], opts: { stats?: boolean; trend?: boolean } = {}) {
  const alarms = new RecordingSink();
  const rules = new RuleBook(entries.map((e) => RuleEntry.parse(e)));
  const stage = new DetectionStage(
    {
      registry,
      alarms,
      rules,
      clock: () => 0,
      stats: opts.stats ? new StatsBank({ warmup: 20 }) : undefined,
      trend: opts.trend ? new TrendPredictor({ window: 10, minReadings: 5 }) : undefined,
    },
    {
      stats: { enabled: opts.stats ?? false, alarms: true, threshold: 0.5, priority: 'low' },
      trend: { enabled: opts.trend ?? false, horizonMs: 60_000, priority: 'medium' },
    },
  );
  let ts = 1_000_000;
  const feed = (signal: string, values: number[], stepMs = 1000, quality: Quality = 'good') => {
    const batch: Reading[] = values.map((value) => ({ deviceId: 'd1', signal, ts: (ts += stepMs), value, quality }));
    stage.process(batch);
  };
  return { alarms, stage, rules, feed };
}

describe('limits through the stage', () => {
  it('raises high with the limit crossed and a message, then holds it inside the deadband', () => {
    const { alarms, stage, feed } = setup();
    feed('temperature', [50, 86, 84.5, 83.5]);
    const high = alarms.of('high');
    expect(high.map((c) => c.active)).toEqual([true, true, false]);
    expect(high[0]).toMatchObject({ limit: 85, priority: 'high', message: 'temperature 86 > hi 85' });
    const anomalies = stage.takeAnomalies();
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      kind: 'high',
      detector: 'rule:limits',
      evidence: { limit: 'hi', limitValue: 85 },
    });
  });

  it('marks a hiHi crossing critical', () => {
    const { alarms, feed } = setup();
    feed('temperature', [96]);
    expect(alarms.of('high')[0]).toMatchObject({ active: true, limit: 95, priority: 'critical' });
  });

  it('tells the alarm service nothing while a series stays quiet', () => {
    const { alarms, feed } = setup();
    feed('temperature', [50, 51, 52, 53]);
    expect(alarms.calls).toEqual([]);
  });

  it('returns an alarm left open by the previous run on the first normal reading', () => {
    const { alarms, feed } = setup();
    alarms.open.add('d1/temperature/high');
    feed('temperature', [50]);
    expect(alarms.of('high')).toMatchObject([{ active: false, limit: 85 }]);
  });

  it('applies a limit override and the rule priority and delays', () => {
    const { alarms, feed } = setup([
      { device: 'd1', signal: 'temperature', rules: { limits: { hi: 70, priority: 'medium', onDelayMs: 5000 } } },
    ]);
    feed('temperature', [71]);
    expect(alarms.of('high')[0]).toMatchObject({ limit: 70, priority: 'medium', onDelayMs: 5000 });
  });
});

describe('devices edited at run time', () => {
  it('applies changed limits to the next reading, and evaluates a device once it is configured', () => {
    const devices = new Map([
      ['d1', Device.parse({ id: 'd1', name: 'd1', signals: [{ key: 't', limits: { hi: 80 } }] })],
      ['d2', Device.parse({ id: 'd2', name: 'd2', unconfigured: true, signals: [{ key: 't' }] })],
    ]);
    const live = {
      revision: 0,
      get: (id: string) => devices.get(id),
      signal: (id: string, key: string) => devices.get(id)?.signals.find((s) => s.key === key),
    };
    const alarms = new RecordingSink();
    const stage = new DetectionStage({ registry: live, alarms, rules: new RuleBook(), clock: () => 0 });
    const read = (deviceId: string, ts: number, value: number) =>
      stage.process([{ deviceId, signal: 't', ts, value, quality: 'good' }]);
    read('d1', 1, 85);
    read('d2', 1, 500);
    expect(alarms.of('high').map((c) => [c.deviceId, c.limit])).toEqual([['d1', 80]]);

    devices.set('d1', Device.parse({ id: 'd1', name: 'd1', signals: [{ key: 't', limits: { hi: 90 } }] }));
    devices.set('d2', Device.parse({ id: 'd2', name: 'd2', signals: [{ key: 't', limits: { hi: 100 } }] }));
    live.revision++;
    read('d1', 2, 85);
    read('d2', 2, 500);
    expect(alarms.of('high').map((c) => [c.deviceId, c.active, c.limit])).toEqual([
      ['d1', true, 80],
      ['d1', false, 90],
      ['d2', true, 100],
    ]);
  });
});

describe('rate of change', () => {
  const rate = { device: 'd1', signal: 'temperature', rules: { rate: { maxPerSecond: 2, deadband: 0.5 } } };

  it('raises when the value moves faster than the limit per second, with the rate as value', () => {
    const { alarms, stage, feed } = setup([rate]);
    feed('temperature', [50, 51, 56], 1000);
    const calls = alarms.of('rate');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ active: true, limit: 2, value: 5, priority: 'medium' });
    expect(calls[0]!.message).toContain('5/s');
    expect(stage.takeAnomalies()[0]).toMatchObject({
      kind: 'rate',
      evidence: { ratePerSecond: 5, maxPerSecond: 2, previous: 51 },
    });
  });

  it('judges the change per second, not per reading', () => {
    const { alarms, feed } = setup([rate]);
    feed('temperature', [50, 55, 60], 10_000); // 0.5/s
    expect(alarms.of('rate')).toEqual([]);
  });

  it('holds while within the deadband and returns below it', () => {
    const { alarms, feed } = setup([rate]);
    feed('temperature', [50, 53, 54.8, 56.2], 1000); // 3/s, 1.8/s (held), 1.4/s (returns)
    expect(alarms.of('rate').map((c) => c.active)).toEqual([true, true, false]);
  });

  it('is off unless configured', () => {
    const { alarms, feed } = setup();
    feed('temperature', [20, 80], 1000);
    expect(alarms.of('rate')).toEqual([]);
  });
});

describe('flatline', () => {
  it('raises after N identical samples and returns when the value moves', () => {
    const { alarms, stage, feed } = setup([{ device: 'd1', signal: 'pressure', rules: { flatline: { samples: 4 } } }]);
    feed('pressure', [3, 3, 3]);
    expect(alarms.of('flatline')).toEqual([]);
    feed('pressure', [3]);
    expect(alarms.of('flatline')).toMatchObject([{ active: true, deviceId: 'd1', signal: 'pressure' }]);
    expect(alarms.of('flatline')[0]!.message).toBe('pressure stuck at 3 for 4 readings (3 s)');
    feed('pressure', [3.2]);
    expect(alarms.of('flatline').map((c) => c.active)).toEqual([true, false]);
    expect(stage.takeAnomalies()[0]).toMatchObject({ kind: 'flatline', evidence: { samples: 4, limitSamples: 4 } });
  });

  it('raises after T seconds stuck, however few the samples', () => {
    const { alarms, feed } = setup([{ device: 'd1', signal: 'pressure', rules: { flatline: { durationMs: 60_000 } } }]);
    feed('pressure', [7, 7], 30_000);
    expect(alarms.of('flatline')).toEqual([]);
    feed('pressure', [7], 30_000);
    expect(alarms.of('flatline')).toMatchObject([{ active: true }]);
  });

  it('treats values within the tolerance as stuck', () => {
    const { alarms, feed } = setup([
      { device: 'd1', signal: 'pressure', rules: { flatline: { samples: 3, tolerance: 0.05 } } },
    ]);
    feed('pressure', [5, 5.01, 4.99]);
    expect(alarms.of('flatline')).toMatchObject([{ active: true }]);
  });

  it('reports the off-delay tail until it has passed, then goes quiet', () => {
    const { alarms, feed } = setup([
      { device: 'd1', signal: 'pressure', rules: { flatline: { samples: 2, offDelayMs: 2500 } } },
    ]);
    feed('pressure', [1, 1, 2, 3, 4, 5, 6, 7]);
    const calls = alarms.of('flatline');
    expect(calls.map((c) => c.active)).toEqual([true, false, false, false, false]);
    // the falling edge, then each reading until 2.5 s after it (the first one past it included)
    expect(calls.at(-1)!.ts - calls[1]!.ts).toBe(3000);
  });
});

describe('quality', () => {
  it('raises on bad quality, skips the value, and returns on good', () => {
    const { alarms, stage, feed } = setup();
    feed('temperature', [999], 1000, 'bad');
    expect(alarms.of('quality')).toMatchObject([{ active: true, limit: NaN, priority: 'low' }]);
    expect(alarms.of('high')).toEqual([]); // a failed sensor says nothing about the process
    feed('temperature', [50]);
    expect(alarms.of('quality').map((c) => c.active)).toEqual([true, false]);
    expect(stage.takeAnomalies()).toMatchObject([{ kind: 'quality', evidence: { quality: 'bad' } }]);
  });

  it('counts uncertain only when asked', () => {
    const plain = setup();
    plain.feed('temperature', [50], 1000, 'uncertain');
    expect(plain.alarms.of('quality')).toEqual([]);
    const strict = setup([{ device: '*', signal: '*', rules: { quality: { includeUncertain: true } } }]);
    strict.feed('temperature', [50], 1000, 'uncertain');
    expect(strict.alarms.of('quality')).toMatchObject([{ active: true }]);
  });

  it('can be switched off, returning what it had raised', () => {
    const { alarms, rules, feed } = setup();
    feed('temperature', [1], 1000, 'bad');
    rules.replace([RuleEntry.parse({ device: 'd1', signal: '*', rules: { quality: { enabled: false } } })]);
    feed('temperature', [2], 1000, 'bad');
    expect(alarms.of('quality').map((c) => c.active)).toEqual([true, false]);
  });
});

describe('statistics and trend', () => {
  it('records a statistical anomaly with its score, baseline and deviation, and raises an anomaly alarm', () => {
    const { alarms, stage, feed } = setup([], { stats: true });
    const calm = Array.from({ length: 200 }, (_, i) => 50 + Math.sin(i) * 0.5);
    feed('temperature', calm);
    feed('temperature', [75]);
    const found = stage.takeAnomalies().filter((a) => a.kind === 'statistical');
    expect(found).toHaveLength(1);
    expect(found[0]!.detector).toBe('stats');
    expect(found[0]!.evidence).toMatchObject({ value: 75 });
    expect(found[0]!.evidence.baseline).toBeCloseTo(50, 0);
    expect(found[0]!.evidence.deviation as number).toBeGreaterThan(20);
    expect(alarms.of('anomaly')[0]).toMatchObject({ active: true, priority: 'low' });
  });

  it('warns when the trend will cross a limit within the horizon, saying when', () => {
    const { alarms, stage, feed } = setup([], { trend: true });
    feed(
      'temperature',
      Array.from({ length: 10 }, (_, i) => 60 + i),
      1000,
    ); // +1/s towards hi 85
    const trend = alarms.of('trend');
    expect(trend[0]).toMatchObject({ active: true, limit: 85, priority: 'medium' });
    expect(trend[0]!.message).toMatch(/heading for hi 85 in ~\d+ s \(at \d{4}-/);
    const a = stage.takeAnomalies().find((x) => x.kind === 'trend')!;
    expect(a.evidence).toMatchObject({ limit: 'hi', limitValue: 85 });
    expect(a.evidence.inMs as number).toBeGreaterThan(10_000);
  });
});

describe('what each kind of anomaly records', () => {
  it('writes every figure its kind declares in the contract, and reads back through the contract unchanged', () => {
    const { stage, feed } = setup(
      [
        { device: 'd1', signal: 'temperature', rules: { rate: { maxPerSecond: 20 } } },
        { device: 'd1', signal: 'pressure', rules: { flatline: { samples: 3 } } },
      ],
      { stats: true, trend: true },
    );
    feed('pressure', [3, 3, 3]); // flatline
    feed('pressure', [4], 1000, 'bad'); // quality
    feed(
      'temperature',
      Array.from({ length: 200 }, (_, i) => 50 + Math.sin(i) * 0.5),
    );
    feed('temperature', [75]); // rate and statistics
    feed('temperature', [86]); // high
    feed('temperature', [10]); // low
    const trending = setup([], { trend: true });
    trending.feed(
      'temperature',
      Array.from({ length: 10 }, (_, i) => 60 + i),
    ); // towards hi
    const found = [...stage.takeAnomalies(), ...trending.stage.takeAnomalies()];
    expect(new Set(found.map((a) => a.kind))).toEqual(
      new Set(['flatline', 'quality', 'rate', 'statistical', 'high', 'low', 'trend']),
    );
    for (const a of found) {
      // Strict: no figure missing, none the contract does not know.
      expect(() => ANOMALY_EVIDENCE[a.kind].strict().parse(a.evidence), a.kind).not.toThrow();
      // As history stores it (JSON) and the Device view reads it (anomalies.list).
      expect(Anomaly.parse(JSON.parse(JSON.stringify(a))), a.kind).toEqual(a);
    }
  });
});
