// How much of the machine DuckDB may use. Left alone, DuckDB takes up to 80 % of the RAM and a
// thread per core; on a control-room workstation it shares both with the windows on every
// display and with the engine's own thread, so it gets an explicit budget: a memory ceiling
// (every buffer, sort, join and import counts against it; beyond it DuckDB spills to a temporary
// folder in the data directory or fails the one statement) and a number of worker threads.
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';

export interface DuckDbBudgetConfig {
  /** The ceiling in MiB; omitted: an eighth of the RAM, at least 256 MiB and at most 2 GiB. */
  memoryLimitMb?: number;
  /** Worker threads; omitted: half the cores, at least 2 and at most 4. */
  threads?: number;
}

export interface DuckDbBudget {
  memoryLimitMb: number;
  threads: number;
}

export interface Machine {
  totalMemoryBytes: number;
  cpus: number;
}

const MiB = 1024 * 1024;
export const AUTO_MEMORY = { fraction: 1 / 8, floorMb: 256, capMb: 2048 } as const;
// Two at least: with one, compaction's sort runs on the calling thread alone and falls behind a
// bulk load — measured on the 100 M-reading history backfill: the hot table grew to 1.2 GiB and
// the process to 3.8 GiB, against 0.5 and 1.8 GiB with two. An idle DuckDB worker costs nothing.
export const AUTO_THREADS = { perCore: 1 / 2, min: 2, max: 4 } as const;

export function thisMachine(): Machine {
  return { totalMemoryBytes: totalmem(), cpus: availableParallelism() };
}

/** The configured budget, with what is left out sized for this machine. */
export function resolveDuckDbBudget(config: DuckDbBudgetConfig, machine: Machine = thisMachine()): DuckDbBudget {
  const memoryLimitMb =
    config.memoryLimitMb ??
    Math.min(
      AUTO_MEMORY.capMb,
      Math.max(AUTO_MEMORY.floorMb, Math.floor((machine.totalMemoryBytes * AUTO_MEMORY.fraction) / MiB)),
    );
  const threads =
    config.threads ??
    Math.min(AUTO_THREADS.max, Math.max(AUTO_THREADS.min, Math.floor(machine.cpus * AUTO_THREADS.perCore)));
  return { memoryLimitMb, threads };
}

/** Where DuckDB spills what does not fit: beside history.duckdb, never the system's temp folder. */
export function spillDirectory(dataDir: string): string {
  return join(dataDir, 'history.duckdb.tmp');
}

/** The WAL size at which a commit checkpoints (DuckDB's `checkpoint_threshold`), in MiB. */
export const CHECKPOINT_WAL_MB = 16;

/** Options for DuckDBInstance.create that apply the budget. */
export function duckDbOptions(budget: DuckDbBudget, dataDir: string): Record<string, string> {
  return {
    memory_limit: `${budget.memoryLimitMb}MiB`,
    threads: String(budget.threads),
    temp_directory: spillDirectory(dataDir),
    // Parquet read once by an import need not be kept in the buffer pool.
    enable_external_file_cache: 'false',
    // DuckDB's default, stated: the writer commits synchronously only while the WAL is well
    // short of it (commit-mode.ts), so that the checkpoint runs on DuckDB's threads.
    checkpoint_threshold: `${CHECKPOINT_WAL_MB}MiB`,
  };
}
