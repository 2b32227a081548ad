// KPI rates over the time actually observed, against a real state.db: eight minutes of running
// are not averaged over 24 hours, and a data folder's earlier history counts as observed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { openStateDb, type StateDb } from '../state/state-db';
import { averageBand, observedSpan, peakBand } from '../../../shared/alarm-rate-bands';
import { alarmKpis, observedSince } from './alarm-kpis';
import { AlarmService } from './alarm-service';
import { AlarmStore } from './alarm-store';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 6, 21, 2);

describe('alarm KPIs over the time observed', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: StateDb;
  let store: AlarmStore;

  beforeEach(() => {
    dir = makeTempDir('wf-kpis-');
    db = openStateDb(dir.path);
    store = new AlarmStore(db);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  let devices = 0;
  /** n alarms on n devices of line-a, raised a second apart from `at`. */
  const raise = (n: number, at: number) => {
    const service = new AlarmService(store, { clock: () => at, tickMs: 0, areaOf: () => 'line-a' });
    service.start();
    for (let i = 0; i < n; i++) {
      service.apply(
        `d${++devices}`,
        'temperature',
        { kind: 'high', active: true, limit: 85, priority: 'high' },
        90,
        at + i * 1000,
      );
    }
    service.stop();
  };

  it('averages eight minutes of running over eight minutes, not 24 hours, and gives no band yet', () => {
    raise(4, T0 + MIN);
    const now = T0 + 8 * MIN;
    const k = alarmKpis(store, store.open(), { from: now - 24 * 60 * MIN, to: now }, now, T0);
    expect(observedSpan(k).observedFrom).toBe(T0);
    expect(observedSpan(k).observedMs).toBe(8 * MIN);
    const a = k.areas.find((x) => x.area === 'line-a')!;
    expect(a.averagePer10Min).toBe(5); // 4 alarms in 8 min = 5 per 10 min (over 24 h it read 0.03)
    expect(averageBand(a.averagePer10Min, observedSpan(k).observedMs)).toBe('too-short');
    expect(a.peakPer10Min).toBe(4);
    expect(peakBand(a.peakPer10Min, observedSpan(k).observedMs)).toBe('too-short');
  });

  it('bands the average and the peak once ten minutes have been observed', () => {
    raise(12, T0 + MIN);
    const now = T0 + 30 * MIN;
    const k = alarmKpis(store, store.open(), { from: now - 24 * 60 * MIN, to: now }, now, T0);
    const a = k.areas.find((x) => x.area === 'line-a')!;
    expect(a.averagePer10Min).toBe(4);
    expect(averageBand(a.averagePer10Min, observedSpan(k).observedMs)).toBe('over-demanding');
    expect(a.peakPer10Min).toBe(12);
    expect(peakBand(a.peakPer10Min, observedSpan(k).observedMs)).toBe('flood');
  });

  it('uses the chosen window when it is shorter than the time observed', () => {
    raise(2, T0 + MIN);
    const now = T0 + 48 * 60 * MIN;
    const k = alarmKpis(store, store.open(), { from: now - 24 * 60 * MIN, to: now }, now, T0 + 47 * 60 * MIN);
    expect(observedSpan(k).observedFrom).toBe(now - 24 * 60 * MIN);
    expect(observedSpan(k).observedMs).toBe(24 * 60 * MIN);
  });

  it("starts observation at the folder's first alarm when that is before this engine's start", () => {
    expect(observedSince(T0, null)).toBe(T0);
    expect(observedSince(T0, T0 - 5 * MIN)).toBe(T0 - 5 * MIN);
    expect(observedSince(T0, T0 + 5 * MIN)).toBe(T0);
    raise(1, T0 - 60 * MIN);
    const now = T0 + 5 * MIN;
    const k = alarmKpis(store, store.open(), {}, now, T0);
    expect(k.observedSince).toBe(T0 - 60 * MIN);
    expect(observedSpan(k).observedMs).toBe(65 * MIN);
  });
});
