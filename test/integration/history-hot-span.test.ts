// A query of a range older than anything in readings_hot leaves the hot rows out of its SQL
// (HotSpan, reading-writer.ts). That must never hide a reading: a late one with an old time, one
// written while a compaction runs, one left in readings_hot by the previous run of the engine.
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import { HotSpan } from '../../src/main/engine/history/stored-marks';
import { openHistory, reading } from '../support/history-fixture';
import { makeTempDir } from '../support/temp-dir';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const NOW = T0 + 2 * 24 * H;
const SERIES = 'pump-1/flow';

/** One reading a second for `seconds` from `from`, value = seconds since T0 / 100. */
function run(from: number, seconds: number) {
  return Array.from({ length: seconds }, (_, i) => reading(SERIES, from + i * 1000, (from - T0) / 1e5 + i / 100));
}

async function values(store: HistoryStore, from: number, to: number, tier: 'raw' | '1m') {
  const [p] = await store.query([SERIES], from, to, 100_000, tier);
  return tier === 'raw' ? p!.ts : p!.count.reduce((a, b) => a + b, 0);
}

describe('history queries and the hot rows', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined;
  let store: HistoryStore | undefined;
  afterEach(async () => {
    await store?.stop();
    dir?.remove();
  });

  it('finds a late reading older than everything compacted, raw and in the rollups, before it is compacted', async () => {
    dir = makeTempDir();
    store = await openHistory(dir.path, {}, () => NOW);
    await store.append(run(T0 + 10 * H, 600));
    await store.compactNow();
    // Live rows arrive, then a late one older than everything: it is in readings_hot alone.
    await store.append(run(T0 + 11 * H, 60));
    await store.append([reading(SERIES, T0 + H + 500, 42)]);
    expect(await values(store, T0 + H, T0 + 2 * H, 'raw')).toEqual([T0 + H + 500]);
    expect(await values(store, T0 + H, T0 + 2 * H, '1m')).toBe(1);
    const [stats] = [await store.stats(SERIES, T0 + H, T0 + 2 * H)];
    expect(stats.count).toBe(1);
    await store.compactNow();
    expect(await values(store, T0 + H, T0 + 2 * H, 'raw')).toEqual([T0 + H + 500]);
  });

  it('finds readings written while a compaction runs, and what the last run left in readings_hot', async () => {
    dir = makeTempDir();
    store = await openHistory(dir.path, {}, () => NOW);
    await store.append(run(T0 + 10 * H, 3600));
    // Appends race the compaction: each lands before or after its snapshot, none may be lost.
    const compaction = store.compactNow();
    const writes = [0, 1, 2, 3].map((k) => store!.append(run(T0 + (2 + k) * H, 60)));
    await Promise.all([compaction, ...writes]);
    for (let k = 0; k < 4; k++) {
      expect(await values(store, T0 + (2 + k) * H, T0 + (2 + k) * H + 59_000, 'raw')).toHaveLength(60);
      expect(await values(store, T0 + (2 + k) * H, T0 + (2 + k) * H + 59_000, '1m')).toBe(60);
    }
    // Not compacted, then the engine stops and starts again: the hot rows are found at once.
    await store.append([reading(SERIES, T0 + 30 * 60_000, 7)]);
    await store.stop();
    store = await openHistory(dir.path, {}, () => NOW);
    expect(await values(store, T0, T0 + H, 'raw')).toEqual([T0 + 30 * 60_000]);
  });
});

describe('HotSpan', () => {
  it('never says readings_hot starts later than a row it may hold', () => {
    const span = new HotSpan();
    expect(span.oldest).toBe(Infinity);
    span.writing(500);
    span.written();
    expect(span.oldest).toBe(500);
    // A batch in flight when the compaction begins may commit after its snapshot.
    span.writing(300);
    span.compactionStarts();
    span.written();
    span.writing(900);
    span.written();
    span.compactionEnds(true);
    expect(span.oldest).toBe(300);
    // Nothing in flight: after the compaction only what came since may be there.
    span.compactionStarts();
    span.writing(800);
    span.written();
    span.compactionEnds(true);
    expect(span.oldest).toBe(800);
    // A compaction that rolled back moved nothing.
    span.compactionStarts();
    span.writing(1000);
    span.written();
    span.compactionEnds(false);
    expect(span.oldest).toBe(800);
    span.compactionStarts();
    span.compactionEnds(true);
    expect(span.oldest).toBe(Infinity);
  });
});
