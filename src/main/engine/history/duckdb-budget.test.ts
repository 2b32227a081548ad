// DuckDB's budget on the machines Watchfloor runs on: a workstation's share of RAM and cores
// when nothing is configured, the configuration file's figures when something is.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckDbOptions, resolveDuckDbBudget } from './duckdb-budget';

const GiB = 1024 ** 3;

describe('resolveDuckDbBudget', () => {
  it('gives an eighth of the RAM and two threads on a 2-core, 24 GiB station, capped at 2 GiB', () => {
    expect(resolveDuckDbBudget({}, { totalMemoryBytes: 24 * GiB, cpus: 2 })).toEqual({
      memoryLimitMb: 2048,
      threads: 2,
    });
  });

  it('scales with smaller machines down to a floor of 256 MiB', () => {
    expect(resolveDuckDbBudget({}, { totalMemoryBytes: 8 * GiB, cpus: 4 })).toEqual({
      memoryLimitMb: 1024,
      threads: 2,
    });
    expect(resolveDuckDbBudget({}, { totalMemoryBytes: 1 * GiB, cpus: 1 })).toEqual({ memoryLimitMb: 256, threads: 2 });
  });

  it('leaves half the cores to the engine and the windows, 2 to 4 threads', () => {
    expect(resolveDuckDbBudget({}, { totalMemoryBytes: 64 * GiB, cpus: 32 })).toEqual({
      memoryLimitMb: 2048,
      threads: 4,
    });
  });

  it('takes the configured figures as they are', () => {
    expect(resolveDuckDbBudget({ memoryLimitMb: 6000, threads: 8 }, { totalMemoryBytes: 8 * GiB, cpus: 2 })).toEqual({
      memoryLimitMb: 6000,
      threads: 8,
    });
    expect(resolveDuckDbBudget({ threads: 3 }, { totalMemoryBytes: 16 * GiB, cpus: 2 })).toEqual({
      memoryLimitMb: 2048,
      threads: 3,
    });
  });
});

describe('duckDbOptions', () => {
  it('sets the limit in MiB, the threads, and a spill folder inside the data directory', () => {
    const o = duckDbOptions({ memoryLimitMb: 300, threads: 1 }, '/data/wf');
    expect(o.memory_limit).toBe('300MiB');
    expect(o.threads).toBe('1');
    expect(o.temp_directory).toBe(join('/data/wf', 'history.duckdb.tmp'));
  });
});
