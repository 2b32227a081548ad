// Readings the store has acknowledged are durable in the ingest journal before DuckDB commits
// them: queries see them at once, a quiet spell commits them, and a crash image (the files as a
// SIGKILL leaves them) gives every one of them back at the next start, exactly once.
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistory, reading } from '../../../../test/support/history-fixture';
import { tempDirs } from '../../../../test/support/temp-dir';
import { sleep } from '../../../../test/support/wait';
import type { HistoryStore } from './history-store';

const T0 = Date.now() - 3_600_000;
const readings = (key: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => reading(key, T0 + (from + i) * 1000, Math.round((40 + i / 9) * 100) / 100));

/** The history files as a process killed now would leave them: DuckDB's file and WAL, the journal. */
function crashImage(from: string, to: string, files = ['history.duckdb', 'history.duckdb.wal', 'history.journal']) {
  for (const f of files) if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
}

describe('journaled commits', () => {
  const dirs = tempDirs('wf-journaled-');
  const stores: HistoryStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.stop();
    dirs.removeAll();
  });
  async function open(dir: string, commitEveryMs = 60_000, log: (m: string) => void = () => {}) {
    const store = await openHistory(dir, { commitEveryMs, log });
    stores.push(store);
    return store;
  }
  const journalBytes = (dir: string) => statSync(join(dir, 'history.journal')).size;

  it('answers queries with every acknowledged reading while DuckDB has not committed them yet', async () => {
    const dir = dirs.make();
    const store = await open(dir);
    const empty = journalBytes(dir);
    await store.append(readings('press-1/temp', 0, 120));
    await store.append(readings('press-2/temp', 0, 30));
    expect(journalBytes(dir)).toBeGreaterThan(empty + 150 * 21); // held there, not yet in DuckDB
    const counts = await store.countBySeries();
    expect(counts.get('press-1/temp')).toBe(120);
    expect(counts.get('press-2/temp')).toBe(30);
    const [points] = await store.query(['press-1/temp'], T0, T0 + 200_000, 1000, 'raw');
    expect(points!.value).toEqual(readings('press-1/temp', 0, 120).map((r) => r.value));
    expect(journalBytes(dir)).toBe(empty); // the read committed them: the journal is empty again
  });

  it('commits after commitEveryMs without a read, and keeps no journal at 0', async () => {
    const dir = dirs.make();
    const store = await open(dir, 150);
    const empty = journalBytes(dir);
    await store.append(readings('press-1/temp', 0, 10));
    expect(journalBytes(dir)).toBeGreaterThan(empty);
    await sleep(600);
    expect(journalBytes(dir)).toBe(empty);

    const plain = dirs.make();
    const direct = await open(plain, 0);
    await direct.append(readings('press-1/temp', 0, 10));
    expect(existsSync(join(plain, 'history.journal'))).toBe(false);
    expect((await direct.countBySeries()).get('press-1/temp')).toBe(10);
  });

  it('replays after a crash what DuckDB had not committed', async () => {
    const dir = dirs.make();
    const store = await open(dir);
    await store.append(readings('press-1/temp', 0, 100)); // committed below, before the crash
    await store.countBySeries();
    await store.append(readings('press-1/temp', 100, 80)); // acknowledged, only in the journal
    await store.append(readings('press-2/temp', 0, 40)); // a series created since
    const image = dirs.make();
    crashImage(dir, image);

    const lines: string[] = [];
    const restarted = await open(image, 60_000, (m) => lines.push(m));
    const counts = await restarted.countBySeries();
    expect(counts.get('press-1/temp')).toBe(180);
    expect(counts.get('press-2/temp')).toBe(40);
    expect(lines.join('\n')).toMatch(
      /replayed 120 readings from .*history\.journal after an unclean stop; 120 had not been committed/,
    );
  });

  it('stores a replayed reading once when DuckDB had committed it before the crash', async () => {
    const dir = dirs.make();
    const store = await open(dir);
    await store.append(readings('press-1/temp', 0, 100));
    const journal = readFileSync(join(dir, 'history.journal'));
    await store.countBySeries(); // DuckDB commits; the crash comes before the journal is emptied
    const image = dirs.make();
    crashImage(dir, image, ['history.duckdb', 'history.duckdb.wal']);
    writeFileSync(join(image, 'history.journal'), journal);

    const lines: string[] = [];
    const restarted = await open(image, 60_000, (m) => lines.push(m));
    expect((await restarted.countBySeries()).get('press-1/temp')).toBe(100);
    expect(restarted.duplicates).toBe(0); // counts are of this run, not of the replay
    expect(lines.join('\n')).toMatch(/replayed 100 readings .*; 0 had not been committed/);
  });

  it('does not replay a journal into another history file (one restored from a backup)', async () => {
    const a = dirs.make();
    const storeA = await open(a);
    await storeA.append(readings('press-1/temp', 0, 50));
    const b = dirs.make();
    const storeB = await open(b);
    await storeB.append(readings('other-9/flow', 0, 5));
    await storeB.stop();
    copyFileSync(join(a, 'history.journal'), join(b, 'history.journal'));

    const lines: string[] = [];
    const reopened = await open(b, 60_000, (m) => lines.push(m));
    const counts = await reopened.countBySeries();
    expect(counts.get('press-1/temp')).toBeUndefined();
    expect(counts.get('other-9/flow')).toBe(5);
    expect(lines.join('\n')).toMatch(/belongs to another history file .*: its 50 readings are not replayed/);
  });
});
