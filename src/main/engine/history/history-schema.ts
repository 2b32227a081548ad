// DuckDB schema of history.duckdb. Live readings are appended, time-ordered, to
// `readings_hot`; compaction moves them into `readings_store` sorted by series (values as
// scaled integers where exact: readings-store.ts; read through the view `readings`), and writes
// the rollup tiers from the same rows, so per-series scans over long ranges touch few row groups.
// Rollup rows are mergeable partial aggregates (n, sum, min, max, m2): late and imported data
// add partial rows to old buckets and queries merge them, exactly. They too are stored compact
// (rollup-store.ts) and read through views named as the tables were. Complete days that live
// compaction wrote in small batches are rewritten once in one run per series (cold-rewrite.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS } from '../../../shared/contract';
import { ADD_SUPPRESSED_BY, CREATE_ANOMALIES } from './anomaly-table';
import { markFragmentedDays } from './cold-rewrite';
import { CREATE_READINGS_STORE, CREATE_READINGS_VIEW, moveReadingsTableToStore } from './readings-store';
import { CREATE_ROLLUP_LABELS } from './rollup-labels';
import {
  CREATE_ROLLUP_STORES,
  CREATE_ROLLUP_VIEWS,
  insertPartials,
  moveRollupStoresToSlots,
  moveRollupTablesToStore,
  storedRollupSelect,
} from './rollup-store';

export const SCHEMA_VERSION = 4;

/** The rollup tiers as readers see them: views over the compacted stores (rollup-store.ts). */
export const ROLLUP_TABLES = { '1m': 'rollup_1m', '1h': 'rollup_1h', '1d': 'rollup_1d' } as const;

const CREATE = `
  CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
  CREATE TABLE IF NOT EXISTS series (
    id INTEGER PRIMARY KEY, device VARCHAR NOT NULL, signal VARCHAR NOT NULL, last_ts BIGINT);
  CREATE TABLE IF NOT EXISTS readings_hot (
    series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL, quality UTINYINT NOT NULL);
`;

/** Partial aggregates of the rows of `source` (good and uncertain quality) into buckets of `widthMs`. */
export function rollupSelect(source: string, widthMs: number, where = 'TRUE'): string {
  return `SELECT series_id, ts - ts % ${widthMs} AS bucket, count(*)::UINTEGER AS n, sum(value) AS sum,
    min(value) AS min, max(value) AS max, coalesce(var_pop(value), 0) * count(*) AS m2
    FROM ${source} WHERE quality < 2 AND (${where}) GROUP BY ALL`;
}

export async function migrateHistory(db: DuckDBConnection): Promise<void> {
  const tables = (await db.runAndReadAll('SELECT table_name FROM duckdb_tables()')).getRowsJS() as [string][];
  const names = new Set(tables.map(([n]) => n));
  const fromSkeleton = names.has('readings') && !names.has('meta');
  await db.run(CREATE);
  await db.run(CREATE_READINGS_STORE);
  await db.run(CREATE_ROLLUP_STORES);
  // Version 3 stored rollups with the bucket in ms and min, max and m2 as they are: moved to
  // schema 4's form (rollup-store.ts) before anything reads them.
  const slotted = await moveRollupStoresToSlots(db);
  await db.run(CREATE_ANOMALIES);
  await db.run(ADD_SUPPRESSED_BY);
  // Added without a version step: a history without it reflects no label (rollup-labels.ts).
  await db.run(CREATE_ROLLUP_LABELS);
  // Added without a version step too: the days compaction wrote that await their cold rewrite
  // (cold-rewrite.ts). A file from before it has the days live compaction wrote marked once.
  await markFragmentedDays(db);
  const version = (await db.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'")).getRowsJS() as [
    string,
  ][];
  const current = version[0] ? Number(version[0][0]) : 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`history.duckdb has schema version ${current}, newer than this Watchfloor (${SCHEMA_VERSION})`);
  }
  // Versions 1 and 2 kept readings and rollups as tables of doubles: moved into the compact
  // stores once, and checkpointed so the old tables' blocks go back to the file.
  if (names.has('readings')) await moveReadingsTableToStore(db);
  await moveRollupTablesToStore(db, names);
  // Made again at every start: a view is only its definition, and a file would keep the one it
  // was first made with (the views' decoding changed without a version: pow10Sql).
  await db.run(CREATE_READINGS_VIEW);
  await db.run(CREATE_ROLLUP_VIEWS);
  if (fromSkeleton) {
    // Version 1 stored every reading in `readings` with no rollups: build them once.
    await db.run('ALTER TABLE series ADD COLUMN IF NOT EXISTS last_ts BIGINT');
    await db.run('BEGIN TRANSACTION');
    for (const tier of ['1m', '1h', '1d'] as const) {
      await db.run(insertPartials(tier, storedRollupSelect('readings_store', TIER_WIDTH_MS[tier])));
    }
    await db.run(
      'UPDATE series SET last_ts = m.ts FROM (SELECT series_id, max(ts) AS ts FROM readings_store GROUP BY 1) m WHERE series.id = m.series_id',
    );
    await db.run('COMMIT');
  }
  if (names.has('readings') || names.has('rollup_1m') || slotted) await db.run('CHECKPOINT');
  await db.run(`INSERT OR REPLACE INTO meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
}
