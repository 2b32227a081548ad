// DuckDB on a disk that fills up: when the automatic checkpoint cannot write, DuckDB invalidates
// the whole database and answers nothing until it is opened again. History notices, refuses
// writes with the reason, and once there is room reopens the file by itself: every batch it
// acknowledged is there, and writing goes on. Needs root to mount the tmpfs; skipped otherwise.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src/shared/domain';
import { HistoryStore } from '../../src/main/engine/history/history-store';
import { makeTempDir } from '../support/temp-dir';
import { fillDisk, mountTmpfs, tmpfsRefusal, type Tmpfs } from '../support/tmpfs';
import { waitFor } from '../support/wait';

const refusal = tmpfsRefusal();
const BATCH = 5000;

describe.skipIf(refusal !== undefined)(`history on a full disk${refusal ? ` — skipped: ${refusal}` : ''}`, () => {
  const dir = makeTempDir();
  let tmpfs: Tmpfs | undefined;
  let history: HistoryStore;
  const log: string[] = [];

  beforeAll(async () => {
    // The filler is what the operator deletes to make room; DuckDB gets the other 40 MB.
    tmpfs = mountTmpfs(join(dir.path, 'disk'), '64m');
    fillDisk(join(tmpfs.path, 'filler'), 24 * 1024 * 1024);
    history = new HistoryStore(join(tmpfs.path, 'data'), {
      clock: Date.now,
      log: (m) => log.push(m),
      recovery: { retryMs: 200, minFreeBytes: 2 * 1024 * 1024 },
      // No compaction: the WAL grows until DuckDB's automatic checkpoint runs out of room.
      compactRows: 1e9,
    });
    await history.start();
  });
  afterAll(async () => {
    await history?.stop();
    tmpfs?.unmount();
    dir.remove();
  });

  let t = Date.now() - 86_400_000;
  /** Random values (they compress badly), ten series, consecutive timestamps. */
  const batch = (): Reading[] =>
    Array.from({ length: BATCH }, (_, j) => ({
      deviceId: 'tank',
      signal: `s${j % 10}`,
      ts: t++,
      value: Math.random(),
      quality: 'good' as const,
    }));

  it('refuses writes once DuckDB has invalidated the database, and reopens it by itself when space returns', async () => {
    let acknowledged = 0;
    let failed: Reading[] | undefined;
    let error = '';
    for (let i = 0; i < 2000 && !failed; i++) {
      const readings = batch();
      try {
        acknowledged += (await history.append(readings)).stored;
      } catch (err) {
        failed = readings;
        error = (err as Error).message;
      }
    }
    expect(failed, 'the disk never filled up').toBeDefined();
    expect(acknowledged).toBeGreaterThan(0);
    expect(history.writable).toBe(false);
    expect(error).toMatch(/Failed to create checkpoint because of error: .*No space left on device/);
    expect(history.condition().error).toMatch(/^a write of readings failed: .*checkpoint.*No space left on device/);
    expect(log.join('\n')).not.toMatch(/reopened/);
    // Invalidated: DuckDB answers nothing, not even a read, until the file is opened again.
    await expect(history.totalReadings()).rejects.toThrow(/database has been invalidated/);
    // Refused at once, with the reason, without touching the database.
    await expect(history.append(batch())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^cannot store readings: /),
    });

    rmSync(join(tmpfs!.path, 'filler'));
    await waitFor(() => history.writable, { timeoutMs: 20_000, what: 'history writable again' });
    expect(log.some((m) => /history reopened: readings are stored again after \d+ s/.test(m))).toBe(true);
    expect(await history.totalReadings()).toBe(acknowledged);

    // The refused batch, delivered again, is stored once; new batches go on.
    expect((await history.append(failed!)).stored).toBe(BATCH);
    expect((await history.append(failed!)).stored).toBe(0);
    await history.append(batch());
    expect(await history.totalReadings()).toBe(acknowledged + 2 * BATCH);
  }, 120_000);
});
