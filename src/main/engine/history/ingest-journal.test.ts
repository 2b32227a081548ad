// The ingest journal's frames come back as they were written, and a journal cut short by a crash
// or damaged gives back every complete frame before the damage and nothing after it.
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { IngestJournal, readJournal } from './ingest-journal';
import { allocColumns, type ReadingColumns } from './reading-columns';

function batch(n: number, seed: number): ReadingColumns {
  const cols = allocColumns(n);
  for (let i = 0; i < n; i++) {
    cols.series[i] = (seed * 7 + i) % 13;
    cols.ts[i] = 1_796_629_833_000 + seed * 1_000_000 + i * 250;
    cols.value[i] = i % 5 === 0 ? -0.000123 * i : Math.round((seed - i / 3) * 100) / 100;
    cols.quality[i] = i % 3;
  }
  cols.length = n;
  return cols;
}

const rows = (cols: ReadingColumns) =>
  Array.from({ length: cols.length }, (_, i) => [cols.series[i], cols.ts[i], cols.value[i], cols.quality[i]]);

describe('ingest journal', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  async function written(batches: ReadingColumns[]): Promise<string> {
    const dir = makeTempDir('wf-journal-');
    dirs.push(dir);
    const file = join(dir.path, 'history.journal');
    const journal = await IngestJournal.open(file, 'journal-id-1');
    for (const b of batches) await journal.write(b);
    await journal.close();
    return file;
  }

  it('gives back every batch, value for value, with the history file id it was written for', async () => {
    const batches = [batch(3, 1), batch(200, 2), batch(1, 3)];
    const back = readJournal(await written(batches));
    expect(back.journalId).toBe('journal-id-1');
    expect(back.discardedBytes).toBe(0);
    expect(back.batches.map(rows)).toEqual(batches.map(rows));
  });

  it('keeps the complete frames before a write cut short by a crash', async () => {
    const file = await written([batch(50, 1), batch(50, 2)]);
    const size = statSync(file).size;
    truncateSync(file, size - 100);
    const back = readJournal(file);
    expect(back.batches.map(rows)).toEqual([rows(batch(50, 1))]);
    expect(back.discardedBytes).toBeGreaterThan(0);
  });

  it('stops at a damaged frame: nothing after it is trusted', async () => {
    const file = await written([batch(50, 1), batch(50, 2), batch(50, 3)]);
    const data = readFileSync(file);
    const header = 24; // "WFJ1", version, id length, the 12-byte id
    const frame = (data.length - header) / 3;
    data[header + frame + 16 + 5]! ^= 0xff; // a timestamp of the second frame
    writeFileSync(file, data);
    const back = readJournal(file);
    expect(back.batches.map(rows)).toEqual([rows(batch(50, 1))]);
  });

  it('starts empty when opened again, and empties on clear', async () => {
    const file = await written([batch(10, 1)]);
    const journal = await IngestJournal.open(file, 'journal-id-2');
    expect(readJournal(file)).toEqual({ journalId: 'journal-id-2', batches: [], discardedBytes: 0 });
    await journal.write(batch(5, 4));
    await journal.clear();
    await journal.write(batch(7, 5));
    await journal.close();
    expect(readJournal(file).batches.map(rows)).toEqual([rows(batch(7, 5))]);
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal('/nonexistent/history.journal')).toEqual({ journalId: null, batches: [], discardedBytes: 0 });
  });
});
