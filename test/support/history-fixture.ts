// A HistoryStore on disk with helpers to write known readings and compute what the answers
// must be, independently of DuckDB.
import { HistoryStore, type HistoryOptions } from '../../src/main/engine/history/history-store';
import type { Quality, Reading } from '../../src/shared/domain';

export async function openHistory(dir: string, options: Partial<HistoryOptions> = {}, now = () => Date.now()) {
  const store = new HistoryStore(dir, { clock: now, log: () => {}, ...options });
  await store.start();
  return store;
}

export function reading(series: string, ts: number, value: number, quality: Quality = 'good'): Reading {
  const [deviceId, signal] = series.split('/') as [string, string];
  return { deviceId, signal, ts, value, quality };
}

export interface Agg {
  n: number;
  avg: number;
  min: number;
  max: number;
}

/** Aggregates per bucket start, from the readings themselves (bad quality excluded). */
export function expectedBuckets(readings: readonly Reading[], width: number, origin = 0): Map<number, Agg> {
  const acc = new Map<number, { n: number; sum: number; min: number; max: number }>();
  for (const r of readings) {
    if (r.quality === 'bad') continue;
    const b = origin + Math.floor((r.ts - origin) / width) * width;
    const a = acc.get(b) ?? { n: 0, sum: 0, min: Infinity, max: -Infinity };
    a.n++;
    a.sum += r.value;
    a.min = Math.min(a.min, r.value);
    a.max = Math.max(a.max, r.value);
    acc.set(b, a);
  }
  return new Map([...acc].map(([b, a]) => [b, { n: a.n, avg: a.sum / a.n, min: a.min, max: a.max }]));
}

/** Deterministic pseudo-random numbers for reproducible data sets. */
export { createRandom as seeded } from '../../src/main/engine/simulator/random';
