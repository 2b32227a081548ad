// A lake import checks its rows against what is stored only where a series of the device-day
// starts at or before its newest stored reading (issue 20: the check was a join over the whole
// store for every import). Whatever is stored — compacted, or still in the hot table — a row of
// the lake that is already there is counted as a duplicate and not stored twice, and the rest is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory, reading } from '../../../../test/support/history-fixture';
import type { HistoryStore } from './history-store';

const S = 1000;
let dir: string | undefined;
const stores: HistoryStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const series = (key: string, from: number, count: number, t0: number) =>
  Array.from({ length: count }, (_, i) => reading(key, t0 + (from + i) * S, Math.round((20 + i / 7) * 100) / 100));

describe('lake import', () => {
  it('skips rows stored already, compacted or hot, and stores the rest once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-lake-import-'));
    const t0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    const source = await openHistory(join(dir, 'source'));
    stores.push(source);
    await source.append([
      ...series('press-1/temp', 0, 60, t0),
      ...series('press-2/temp', 0, 60, t0),
      ...series('press-3/temp', 0, 60, t0),
    ]);
    const lake = join(dir, 'lake');
    await source.exportLake(lake, 0, Date.now(), () => {});

    const target = await openHistory(join(dir, 'target'));
    stores.push(target);
    await target.append(series('press-1/temp', 30, 60, t0)); // seconds 30–89, compacted
    await target.compactNow();
    await target.append(series('press-2/temp', 50, 20, t0)); // seconds 50–69, still hot
    expect(target.hotRows).toBe(20);

    const result = await target.importLake(lake, () => {});
    expect(result).toEqual({ imported: 30 + 50 + 60, duplicates: 30 + 10 });
    expect(Object.fromEntries(await target.countBySeries())).toEqual({
      'press-1/temp': 90,
      'press-2/temp': 70,
      'press-3/temp': 60,
    });
    // Importing again finds every row stored.
    expect(await target.importLake(lake, () => {})).toEqual({ imported: 0, duplicates: 180 });
  });
});
