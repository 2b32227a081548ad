import { describe, expect, it } from 'vitest';
import { ANOMALY_EVIDENCE, Anomaly, RuleEntry } from '../../../shared/contract/detection';
import { Device } from '../../../shared/domain';
import type { AlarmCondition, AlarmSink } from './condition';
import { OfflineWatch } from './offline-watch';
import { RuleBook } from './rule-book';

class RecordingSink implements AlarmSink {
  calls: (AlarmCondition & { deviceId: string; signal: string; value: number; ts: number })[] = [];
  open = new Set<string>();
  apply(deviceId: string, signal: string, cond: AlarmCondition, value: number, ts: number): void {
    this.calls.push({ ...cond, deviceId, signal, value, ts });
  }
  isConditionActive(key: string): boolean {
    return this.open.has(key);
  }
}

const fleet = [
  Device.parse({
    id: 'fast',
    name: 'Fast',
    signals: [
      { key: 'v', intervalMs: 1000 },
      { key: 'w', intervalMs: 60_000 },
    ],
  }),
  Device.parse({ id: 'slow', name: 'Slow', signals: [{ key: 'v', intervalMs: 20_000 }] }),
  Device.parse({ id: 'found', name: 'found', unconfigured: true, signals: [{ key: 'v' }] }),
];

function setup(entries: RuleEntry[] = []) {
  let now = 1_000_000;
  const alarms = new RecordingSink();
  const anomalies: Anomaly[] = [];
  const watch = new OfflineWatch(
    {
      devices: () => fleet,
      alarms,
      rules: new RuleBook(entries),
      clock: () => now,
      report: (a) => anomalies.push(a),
      log: () => {},
    },
    { graceMs: 60_000, checkIntervalMs: 1000, minTimeoutMs: 30_000, intervalFactor: 3 },
  );
  watch.start();
  watch.stop(); // the tests drive check() with their own clock
  const at = (ms: number) => {
    now = 1_000_000 + ms;
    watch.check(now);
  };
  const seen = (id: string, ms: number) => {
    now = 1_000_000 + ms;
    watch.seen(watch.indexOf(id), now);
  };
  return { alarms, anomalies, watch, at, seen };
}

describe('OfflineWatch', () => {
  it('calls nobody offline during the grace period after start (no storm on restart)', () => {
    const { alarms, at } = setup();
    for (let t = 0; t < 60_000; t += 1000) at(t);
    expect(alarms.calls).toEqual([]);
  });

  it('after the grace period, flags a silent device per device with signal *, using max(30 s, 3 × fastest interval)', () => {
    const { alarms, anomalies, seen, at } = setup();
    seen('fast', 50_000);
    seen('slow', 50_000);
    at(79_000);
    expect(alarms.calls).toEqual([]); // fast: 29 s of silence < 30 s
    at(80_000);
    expect(alarms.calls).toMatchObject([
      { deviceId: 'fast', signal: '*', kind: 'offline', active: true, limit: 30, value: 30, priority: 'high' },
    ]);
    expect(alarms.calls[0]!.message).toBe('no data for 30 s (limit 30 s)');
    at(109_999);
    expect(alarms.calls.filter((c) => c.deviceId === 'slow')).toEqual([]); // 3 × 20 s = 60 s: not yet
    at(110_000);
    expect(alarms.calls.filter((c) => c.deviceId === 'slow')).toMatchObject([{ active: true, limit: 60 }]);
    expect(alarms.calls.some((c) => c.deviceId === 'found')).toBe(false);
    expect(anomalies.map((a) => [a.deviceId, a.signal, a.kind])).toEqual([
      ['fast', '*', 'offline'],
      ['slow', '*', 'offline'],
    ]);
    expect(anomalies[0]!.evidence).toMatchObject({ rule: 'offline', lastSeen: 1_050_000, timeoutMs: 30_000 });
  });

  it('gives a device that never spoke since start its full timeout after the grace period', () => {
    const { alarms, at } = setup();
    at(60_000);
    expect(alarms.calls.filter((c) => c.deviceId === 'fast')).toMatchObject([{ active: true, value: 60 }]);
  });

  it('returns the device on its next reading, also one left offline by the previous run', () => {
    const { alarms, seen, watch } = setup();
    alarms.open.add('fast/*/offline');
    watch.indexOf('fast');
    seen('fast', 1000); // during the grace period: a reading still returns the old alarm
    expect(alarms.calls).toMatchObject([{ deviceId: 'fast', signal: '*', active: false }]);
  });

  it('honours a per-device timeout and can be switched off per device', () => {
    const { alarms, at, seen } = setup([
      RuleEntry.parse({ device: 'fast', signal: '*', rules: { offline: { timeoutMs: 120_000 } } }),
      RuleEntry.parse({ device: 'slow', signal: '*', rules: { offline: { enabled: false } } }),
    ]);
    seen('fast', 0);
    seen('slow', 0);
    at(119_000);
    expect(alarms.calls).toEqual([]);
    at(120_000);
    expect(alarms.calls).toMatchObject([{ deviceId: 'fast', active: true, limit: 120 }]);
    at(600_000);
    expect(alarms.calls.some((c) => c.deviceId === 'slow')).toBe(false);
  });

  it('takes a device offline at once on a death certificate, until it speaks after it', () => {
    const { alarms, watch, seen } = setup();
    seen('fast', 1000);
    watch.died('fast', 1_002_000);
    expect(alarms.calls).toMatchObject([
      { deviceId: 'fast', active: true, message: 'the device announced its death (Sparkplug)' },
    ]);
    seen('fast', 3000);
    expect(alarms.calls.map((c) => c.active)).toEqual([true, false]);
  });

  it('records the evidence the contract declares for offline, for silence and for a death certificate', () => {
    const { anomalies, watch, seen, at } = setup();
    seen('fast', 50_000);
    at(80_000);
    seen('slow', 81_000);
    watch.died('slow', 1_082_000);
    expect(anomalies.map((a) => a.kind)).toContain('offline');
    for (const a of anomalies) {
      expect(() => ANOMALY_EVIDENCE.offline.strict().parse(a.evidence)).not.toThrow();
      expect(Anomaly.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
    }
    const died = (id: string) => anomalies.filter((a) => a.deviceId === id).map((a) => a.evidence);
    expect(died('fast')).toMatchObject([{ died: false }]);
    expect(died('slow')).toContainEqual(expect.objectContaining({ died: true }));
  });
});
