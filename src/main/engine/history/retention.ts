// Retention per tier: raw readings and 1-minute rollups age out (defaults 90 days and 1 year),
// hourly and daily rollups are kept unless configured otherwise. Raw rows can be archived to
// Parquet (hive layout, by date and device) before they are deleted. Runs on its own
// connection so ingest never waits for it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS } from '../../../shared/contract';
import { ROLLUP_STORES } from './rollup-store';
import { lakeSelect, sqlString } from './lake';
import type { TierRetention } from './tier-choice';

const DAY = 86_400_000;

export interface RetentionPolicy {
  rawDays: number | null;
  minuteDays: number | null;
  hourDays: number | null;
  dayDays: number | null;
  /** Archive raw readings here (Parquet, partitioned by date and device) before deleting them. */
  archiveDir: string | null;
}

export interface RetentionResult {
  cutoffs: Record<string, number | null>;
  deleted: Record<string, number>;
  archived: number;
}

export function retentionCutoffs(policy: RetentionPolicy, now: number) {
  const cut = (days: number | null) => (days === null ? null : now - days * DAY);
  return {
    raw: cut(policy.rawDays),
    '1m': cut(policy.minuteDays),
    '1h': cut(policy.hourDays),
    '1d': cut(policy.dayDays),
  };
}

/** What each tier still holds under the policy at `now` (-Infinity: everything), for choosing a query's tier. */
export function tierRetention(policy: RetentionPolicy, now: number): TierRetention {
  const c = retentionCutoffs(policy, now);
  const or = (v: number | null) => (v === null ? -Infinity : v);
  return { raw: or(c.raw), '1m': or(c['1m']), '1h': or(c['1h']), '1d': or(c['1d']) };
}

export async function applyRetention(
  db: DuckDBConnection,
  policy: RetentionPolicy,
  now: number,
): Promise<RetentionResult> {
  const cutoffs = retentionCutoffs(policy, now);
  const deleted: Record<string, number> = {};
  let archived = 0;
  if (cutoffs.raw !== null) {
    const cutoff = cutoffs.raw;
    await db.run('BEGIN TRANSACTION');
    try {
      if (policy.archiveDir) {
        const where = `r.ts < ${cutoff}`;
        const count = (
          await db.runAndReadAll(
            `SELECT count(*)::DOUBLE FROM (SELECT ts FROM readings_store WHERE ts < ${cutoff} UNION ALL SELECT ts FROM readings_hot WHERE ts < ${cutoff}) r`,
          )
        ).getRowsJS()[0]![0] as number;
        if (count > 0) {
          await db.run(
            `COPY (${lakeSelect(where)}) TO ${sqlString(policy.archiveDir)}
             (FORMAT parquet, PARTITION_BY (date, device), APPEND, FILENAME_PATTERN 'archive_{uuid}')`,
          );
        }
        archived = count;
      }
      deleted.raw =
        Number((await db.runAndReadAll(`DELETE FROM readings_store WHERE ts < ${cutoff}`)).rowsChanged) +
        Number((await db.runAndReadAll(`DELETE FROM readings_hot WHERE ts < ${cutoff}`)).rowsChanged);
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK').catch(() => {});
      throw err;
    }
  }
  for (const [tier, table] of Object.entries(ROLLUP_STORES)) {
    const cutoff = cutoffs[tier as keyof typeof ROLLUP_STORES];
    if (cutoff === null) continue;
    // A bucket goes only once all of it is older than the cutoff: its slot s ends at (s + 1)·width.
    const width = TIER_WIDTH_MS[tier as keyof typeof ROLLUP_STORES];
    deleted[tier] = Number(
      (await db.runAndReadAll(`DELETE FROM ${table} WHERE slot < ${Math.floor(cutoff / width)}`)).rowsChanged,
    );
  }
  return { cutoffs, deleted, archived };
}
