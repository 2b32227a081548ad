import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { RuleEntry } from '../../../shared/contract/detection';
import { Device } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import { openStateDb, type StateDb } from '../state/state-db';
import { RuleStore } from './rule-store';

const press = Device.parse({
  id: 'press-1',
  name: 'Press',
  signals: [{ key: 'temperature', limits: { lo: 15, hi: 85 } }, { key: 'pressure' }],
});
const registry = { get: (id: string) => (id === press.id ? press : undefined) };

function reasons(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
    return ((err as EngineError).details as { issues: { path: string; message: string }[] }).issues.map(
      (i) => `${i.path}: ${i.message}`,
    );
  }
  throw new Error('expected the save to be refused');
}

describe('RuleStore', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  beforeEach(() => {
    dir = makeTempDir();
    db = openStateDb(dir.path);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('saves a rule, puts it in force and records who changed what, before and after', () => {
    const store = new RuleStore(db, registry);
    store.load([], 1);
    store.save({ device: 'press-1', signal: 'pressure', rules: { flatline: { samples: 10 } } }, 'ana', 1000);
    store.save({ device: 'press-1', signal: 'pressure', rules: { flatline: { samples: 20 } } }, 'ben', 2000);
    expect(store.book.compile('press-1', press.signals[1]!).flatline).toMatchObject({ enabled: true, samples: 20 });
    const audit = store.audit({ limit: 10 });
    expect(audit.map((a) => [a.by, a.action, a.at])).toEqual([
      ['ben', 'update', 2000],
      ['ana', 'create', 1000],
    ]);
    expect(audit[0]!.before).toMatchObject({ flatline: { samples: 10 } });
    expect(audit[0]!.after).toMatchObject({ flatline: { samples: 20 } });
    expect(store.delete('press-1', 'pressure', 'cleo', 3000)).toBe(true);
    expect(store.audit({ device: 'press-1', limit: 1 })[0]).toMatchObject({
      by: 'cleo',
      action: 'delete',
      after: null,
    });
    expect(store.book.compile('press-1', press.signals[1]!).flatline.enabled).toBe(false);
  });

  it('refuses bad rules with every reason, and keeps what was stored', () => {
    const store = new RuleStore(db, registry);
    store.load([], 1);
    store.save({ device: 'press-1', signal: 'pressure', rules: { rate: { maxPerSecond: 5 } } }, 'ana', 1000);
    expect(
      reasons(() =>
        store.save(
          { device: 'press-1', signal: 'pressure', rules: { rate: { maxPerSecond: -1, onDelayMs: -5 } } },
          'x',
          2,
        ),
      ).sort(),
    ).toEqual([
      'rules.rate.maxPerSecond: the largest change per second must be above 0',
      'rules.rate.onDelayMs: a delay cannot be negative',
    ]);
    expect(
      reasons(() => store.save({ device: 'press-1', signal: 'pressure', rules: { flatline: {} } }, 'x', 2)),
    ).toEqual(['rules.flatline.samples: a flatline rule needs samples, durationMs or both']);
    expect(reasons(() => store.save({ device: 'press-9', signal: '*', rules: {} }, 'x', 2))).toEqual([
      'device: no device "press-9"',
    ]);
    expect(reasons(() => store.save({ device: 'press-1', signal: 'flow', rules: {} }, 'x', 2))).toEqual([
      'signal: device press-1 has no signal "flow"',
    ]);
    expect(
      reasons(() => store.save({ device: 'press-1', signal: 'temperature', rules: { limits: { lo: 90 } } }, 'x', 2)),
    ).toEqual(['rules.limits.lo: hi (from the device) 85 must be above lo 90']);
    expect(
      reasons(() =>
        store.save({ device: 'press-1', signal: 'pressure', rules: { offline: { timeoutMs: 60_000 } } }, 'x', 2),
      ),
    ).toEqual(['rules.offline: offline is judged per device: put it on signal "*"']);
    expect(store.list()).toMatchObject([
      { device: 'press-1', signal: 'pressure', rules: { rate: { maxPerSecond: 5 } } },
    ]);
    expect(store.audit({ limit: 10 })).toHaveLength(1);
  });

  it('applies a config entry when the file changes it, and leaves later Settings edits alone otherwise', () => {
    const fromFile = (samples: number) => [
      RuleEntry.parse({ device: 'press-1', signal: 'pressure', rules: { flatline: { samples } } }),
    ];
    const first = new RuleStore(db, registry);
    first.load(fromFile(5), 1);
    expect(first.list()[0]).toMatchObject({ origin: 'config', updatedBy: 'config file' });
    first.save({ device: 'press-1', signal: 'pressure', rules: { flatline: { samples: 8 } } }, 'ana', 2);

    const restart = new RuleStore(db, registry);
    restart.load(fromFile(5), 3); // the file did not change: the Settings edit stands
    expect(restart.list()[0]).toMatchObject({ origin: 'ui', rules: { flatline: { samples: 8 } } });

    const edited = new RuleStore(db, registry);
    edited.load(fromFile(12), 4); // the file changed: it wins, and the change is audited
    expect(edited.list()[0]).toMatchObject({ origin: 'config', rules: { flatline: { samples: 12 } } });
    expect(edited.audit({ limit: 1 })[0]).toMatchObject({ by: 'config file', action: 'update' });

    const dropped = new RuleStore(db, registry);
    dropped.load([], 5); // no longer in the file, not edited since: removed
    expect(dropped.list()).toEqual([]);
  });

  it('resolves each rule kind from the most specific entry', () => {
    const store = new RuleStore(db, registry);
    store.load(
      [
        RuleEntry.parse({
          device: '*',
          signal: '*',
          rules: { flatline: { samples: 100 }, quality: { priority: 'high' } },
        }),
        RuleEntry.parse({ device: 'press-1', signal: '*', rules: { flatline: { samples: 50 } } }),
        RuleEntry.parse({ device: 'press-1', signal: 'temperature', rules: { flatline: { durationMs: 60_000 } } }),
      ],
      1,
    );
    const t = store.book.compile('press-1', press.signals[0]!);
    expect(t.flatline).toMatchObject({ samples: 0, durationMs: 60_000 });
    expect(t.from).toMatchObject({ flatline: 'press-1/temperature', quality: '*/*', limits: 'default' });
    expect(t.quality.priority).toBe('high');
    expect(store.book.compile('press-1', press.signals[1]!).flatline.samples).toBe(50);
    expect(store.list().map((e) => `${e.device}/${e.signal}`)).toEqual(['*/*', 'press-1/*', 'press-1/temperature']);
  });
});
