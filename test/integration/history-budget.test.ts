// DuckDB's memory and thread budget on a real history.duckdb: what the configuration file says
// is what DuckDB itself reports, a machine-sized default when it says nothing, spilling goes to
// the data directory, and the cache trim gives cached table blocks back without losing a row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import { resolveDuckDbBudget } from '../../src/main/engine/history/duckdb-budget';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import { allocColumns } from '../../src/main/engine/history/reading-columns';
import { openHistory } from '../support/history-fixture';
import { makeTempDir } from '../support/temp-dir';

const MiB = 1024 * 1024;
const quiet = { broker: { embedded: false }, simulator: { enabled: false }, sources: { mqtt: [] } };

describe('DuckDB budget', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let store: HistoryStore | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    await store?.stop();
    engine = undefined;
    store = undefined;
    dir.remove();
  });

  async function engineWith(history: object): Promise<Engine> {
    const file = join(dir.path, 'watchfloor.json');
    writeFileSync(file, JSON.stringify({ ...quiet, history }));
    const config = loadConfig({ file, defaultDataDir: join(dir.path, 'data') });
    const e = new Engine(config, { version: 'test' });
    await e.start();
    return e;
  }

  it('opens history with the memory limit and threads of the configuration file', async () => {
    engine = await engineWith({ memoryLimitMb: 300, threads: 1 });
    const settings = await engine.services.history.duckDbSettings();
    expect(settings.memoryLimit).toBe('300.0 MiB');
    expect(settings.threads).toBe(1);
    expect(settings.tempDirectory).toBe(join(dir.path, 'data', 'history.duckdb.tmp'));
  });

  it('sizes the budget for this machine when the file says nothing', async () => {
    engine = await engineWith({});
    const expected = resolveDuckDbBudget({});
    const settings = await engine.services.history.duckDbSettings();
    // DuckDB prints a limit of a GiB or more in GiB.
    const mb = expected.memoryLimitMb;
    expect(settings.memoryLimit).toBe(mb >= 1024 ? `${(mb / 1024).toFixed(1)} GiB` : `${mb.toFixed(1)} MiB`);
    expect(settings.threads).toBe(expected.threads);
  });

  it('refuses a limit too small to run, naming the field', () => {
    const file = join(dir.path, 'bad.json');
    writeFileSync(file, JSON.stringify({ history: { memoryLimitMb: 16 } }));
    expect(() => loadConfig({ file, defaultDataDir: dir.path })).toThrow(/history\.memoryLimitMb/);
  });

  it('trims cached table blocks back to an eighth of the budget, keeping every row and the limit', async () => {
    store = await openHistory(dir.path, { memoryLimitMb: 256, threads: 1, compactRows: 1_000_000 });
    const ids = await store.ensureSeries(Array.from({ length: 500 }, (_, i) => `dev-${i}/value`));
    const rows = 6_000_000;
    // As live data arrives: batches, a compaction every million rows; values that do not compress.
    const t0 = Date.now() - 86_400_000;
    for (let done = 0; done < rows; done += 100_000) {
      const cols = allocColumns(100_000);
      for (let k = 0; k < 100_000; k++) {
        const i = done + k;
        cols.series[k] = ids[i % 500]!;
        cols.ts[k] = t0 + Math.floor(i / 500) * 1000;
        cols.value[k] = Math.sin(i) * 1000;
      }
      cols.length = 100_000;
      await store.appendColumns(cols);
    }
    await store.compactNow();
    // DuckDB keeps the blocks it wrote; counting per series reads every block of one column too,
    // and the newest reading of each series every block of the values (stored compact since
    // issue 20, so the count alone no longer fills the cache).
    expect([...(await store.countBySeries()).values()].reduce((a, b) => a + b)).toBe(rows);
    expect((await store.latest(Date.now())).length).toBe(500);
    const cached = async () => (await store!.memoryUsage()).byTag.BASE_TABLE ?? 0;
    const before = await cached();
    expect(before).toBeGreaterThan(48 * MiB);

    await store.trimCache();

    expect(await cached()).toBeLessThanOrEqual(32 * MiB + 1 * MiB);
    expect((await store.duckDbSettings()).memoryLimit).toBe('256.0 MiB');
    expect([...(await store.countBySeries()).values()].reduce((a, b) => a + b)).toBe(rows);
  });
});
