// The alarm defaults per signal kind, through the real detection stage and alarm service (on a
// real state.db): one noisy reading does not alarm, a few do, a value hovering at the limit on
// its way back does not raise a second alarm, and Settings → Rules (or the site) can change it.
import { afterEach, describe, expect, it } from 'vitest';
import defaults from '../../../../resources/default-config.json';
import { LIMIT_DEFAULTS, defaultDeadband, signalKindOf } from '../../../shared/alarm-defaults';
import { RuleEntry, type RuleEntryInput } from '../../../shared/contract/detection';
import { Device, type Reading } from '../../../shared/domain';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { AlarmService } from '../alarms/alarm-service';
import { AlarmStore } from '../alarms/alarm-store';
import { openStateDb } from '../state/state-db';
import { DetectionStage } from './detection-stage';
import { RuleBook } from './rule-book';

const DEVICES = defaults.devices.map((d) => Device.parse(d));
const oven = DEVICES.find((d) => d.id === 'device-001')!; // temperature, every 2 s, hi 85

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function plant(opts: { kindDefaults?: boolean; rules?: RuleEntryInput[] } = {}) {
  const dir = makeTempDir('wf-kind-defaults-');
  const db = openStateDb(dir.path);
  const store = new AlarmStore(db);
  let now = Date.UTC(2026, 11, 6);
  const alarms = new AlarmService(store, { clock: () => now, tickMs: 0 });
  alarms.start();
  cleanups.push(() => {
    alarms.stop();
    db.close();
    dir.remove();
  });
  const rules = new RuleBook(
    (opts.rules ?? []).map((r) => RuleEntry.parse(r)),
    {
      kindDefaults: opts.kindDefaults,
      deviceKind: (id) => DEVICES.find((d) => d.id === id)?.kind,
    },
  );
  const registry = {
    get: (id: string) => DEVICES.find((d) => d.id === id),
    signal: (id: string, key: string) => DEVICES.find((d) => d.id === id)?.signals.find((s) => s.key === key),
  };
  const stage = new DetectionStage({ registry, alarms, rules, clock: () => now });
  /** Oven readings every 2 s from now on. */
  const feed = (values: number[]) => {
    const batch: Reading[] = values.map((value) => {
      now += 2000;
      return { deviceId: oven.id, signal: 'temperature', ts: now, value, quality: 'good' };
    });
    stage.process(batch);
  };
  const raised = () => store.list({ limit: 100 });
  return { feed, raised, rules };
}

describe('alarm defaults per signal kind', () => {
  it('knows the default plant’s signals, and derives the deadband from the operating range', () => {
    expect(DEVICES.map((d) => signalKindOf(d.signals[0]!, d.kind))).toEqual([
      'temperature',
      'pressure',
      'vibration',
      'counter',
      'quality',
    ]);
    expect(signalKindOf({ key: 'ai_17', unit: 'm3/h' })).toBe('flow');
    expect(signalKindOf({ key: 'lt101' }, 'tank level')).toBe('level');
    expect(signalKindOf({ key: 'x' })).toBe('other');
    // Temperature: 1 % of the normal band 20–80.
    expect(defaultDeadband('temperature', { normal: [20, 80], limits: {} })).toBe(0.6);
  });

  it('does not alarm on one noisy reading past the limit, and raises one alarm for a few', () => {
    const p = plant();
    p.feed([50, 51, 92, 52, 50]);
    expect(p.raised()).toHaveLength(0);
    // Past hi 85 for longer than the temperature on-delay (5 s): one alarm.
    p.feed([86, 88, 89, 90, 89]);
    expect(p.raised()).toHaveLength(1);
    expect(p.raised()[0]).toMatchObject({ kind: 'high', state: 'unack_active' });
  });

  it('holds the alarm while the value hovers at the limit on its way back, then returns it once after the off-delay', () => {
    const p = plant();
    p.feed([86, 88, 89, 90, 89]);
    // Around the limit for 40 s (back and forth across 85 and its deadband), then well inside.
    p.feed(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 84.2 : 85.3)));
    expect(p.raised()).toHaveLength(1);
    expect(p.raised()[0]!.conditionActive).toBe(true);
    const off = LIMIT_DEFAULTS.temperature.offDelayMs;
    p.feed(Array.from({ length: off / 2000 - 1 }, () => 70));
    expect(p.raised()[0]!.conditionActive).toBe(true);
    p.feed([70, 70]);
    expect(p.raised()).toHaveLength(1);
    expect(p.raised()[0]).toMatchObject({ conditionActive: false, state: 'unack_rtn', count: 1 });
  });

  it('alarms on one reading where the site turned the defaults off, or a rule sets the on-delay to 0', () => {
    const off = plant({ kindDefaults: false });
    off.feed([50, 92, 50]);
    expect(off.raised()).toHaveLength(1);
    const rule = plant({
      rules: [{ device: 'device-001', signal: 'temperature', rules: { limits: { onDelayMs: 0 } } }],
    });
    rule.feed([50, 92, 50]);
    expect(rule.raised()).toHaveLength(1);
    // The rule set only the on-delay: the off-delay and deadband are still the kind's.
    const compiled = rule.rules.compile('device-001', oven.signals[0]!);
    expect(compiled.limits).toMatchObject({
      onDelayMs: 0,
      offDelayMs: 60_000,
      deadband: 0.5,
      signalKind: 'temperature',
    });
  });
});
