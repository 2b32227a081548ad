// DuckDB's memory and thread budget on a real history.duckdb: what the configuration file says
// is what DuckDB itself reports, a machine-sized default when it says nothing, and spilling goes
// to the data directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import { resolveDuckDbBudget } from '../../src/main/engine/history/duckdb-budget';
import { makeTempDir } from '../support/temp-dir';

const quiet = { broker: { embedded: false }, simulator: { enabled: false }, sources: { mqtt: [] } };

describe('DuckDB budget', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
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
    const settings = await engine.history.duckDbSettings();
    expect(settings.memoryLimit).toBe('300.0 MiB');
    expect(settings.threads).toBe(1);
    expect(settings.tempDirectory).toBe(join(dir.path, 'data', 'history.duckdb.tmp'));
  });

  it('sizes the budget for this machine when the file says nothing', async () => {
    engine = await engineWith({});
    const expected = resolveDuckDbBudget({});
    const settings = await engine.history.duckDbSettings();
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
});
