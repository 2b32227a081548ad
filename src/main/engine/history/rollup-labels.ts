// Which bad-data labels the rollups reflect, kept in history.duckdb beside them (table
// `rollup_labels`) so that a crash between a label's write to state.db and its rollup rebuild
// cannot leave the rollups wrong for ever: at start (HistoryLabels.reconcile, once the annotation
// index is loaded) every label whose rows here differ from its live state has its rollups rebuilt.
//
// Decisions:
// - A label is *in step* when it has exactly one row here, marked `whole`, with the live label's
//   device, signal, start and end (the revision is stored for the log only: a text edit moves it
//   without touching rollups). Anything else — no row for a live bad-data label, a row for a label
//   that is gone or no longer bad data, a moved range, or a `whole = false` row — is out of step.
// - A rebuild for a label (rollup-rebuild.ts) rebuilds its rows' ranges, the change's before and
//   after and its live range, then replaces its rows with one `whole` row of the live range, in
//   the same transaction as the rebuilt rollups. The index is read once, before the first
//   statement, so the row says what the statements used even if a label changes meanwhile.
// - Rollups written with the exclusion of a label that is out of step here (compaction's hot
//   rows, or the buckets a rebuild of another label shares with it) reflect it only in part: that
//   label gets a row `whole = false` for the range used, so it stays out of step until its own
//   rebuild (queued, or at the next start). The same holds for a label with a row here that
//   compaction did not exclude (deleted, moved, no longer bad data): its rows lose `whole`.
// - A history without this table (written before it existed) reflects no label: the table is
//   created empty and every live bad-data label is rebuilt once at start. That is the truth for
//   rollups written before labels existed; rollups compacted by the previous version while a
//   label that is now deleted was live are not found (that version kept no record).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelRange } from '../annotations/annotation-ports';
import { sqlString } from './lake';

export const CREATE_ROLLUP_LABELS = `CREATE TABLE IF NOT EXISTS rollup_labels (
  label_id VARCHAR NOT NULL, device VARCHAR NOT NULL, signal VARCHAR NOT NULL,
  from_ts BIGINT NOT NULL, to_ts BIGINT NOT NULL, revision INTEGER NOT NULL, whole BOOLEAN NOT NULL)`;

/** A label's range as the rollups reflect it, or as a rebuild or compaction used it. */
export interface Place {
  id: string;
  deviceId: string;
  signal: string;
  from: number;
  to: number;
  revision: number;
}

export interface Reflected extends Place {
  whole: boolean;
}

const samePlace = (a: Place, b: Place) =>
  a.deviceId === b.deviceId && a.signal === b.signal && a.from === b.from && a.to === b.to;

/** Whether the rollups reflect exactly this live bad-data label (or its absence: `live` undefined). */
export function inStep(rows: readonly Reflected[], live: Place | undefined): boolean {
  if (!live) return rows.length === 0;
  return rows.length === 1 && rows[0]!.whole && samePlace(rows[0]!, live);
}

export function placeOf(l: LabelRange): Place {
  return { id: l.id, deviceId: l.deviceId, signal: l.signal, from: l.from, to: l.to, revision: l.revision };
}

/** The rows of these labels (every row when `ids` is undefined), by label. */
export async function readReflected(db: DuckDBConnection, ids?: readonly string[]): Promise<Map<string, Reflected[]>> {
  const out = new Map<string, Reflected[]>();
  if (ids && ids.length === 0) return out;
  const where = ids ? `WHERE label_id IN (${ids.map(sqlString).join(', ')})` : '';
  const rows = (
    await db.runAndReadAll(
      `SELECT label_id, device, signal, from_ts::DOUBLE, to_ts::DOUBLE, revision, whole FROM rollup_labels ${where}`,
    )
  ).getRowsJS() as [string, string, string, number, number, number, boolean][];
  for (const [id, deviceId, signal, from, to, revision, whole] of rows) {
    const list = out.get(id) ?? [];
    list.push({ id, deviceId, signal, from, to, revision, whole });
    out.set(id, list);
  }
  return out;
}

const values = (p: Place, whole: boolean) =>
  `(${sqlString(p.id)}, ${sqlString(p.deviceId)}, ${sqlString(p.signal)}, ${p.from}, ${p.to}, ${p.revision}, ${whole})`;

/** After a rebuild of `id` over every range it had here and its live one: the rollups reflect `live`. */
export async function recordRebuilt(db: DuckDBConnection, id: string, live: Place | undefined): Promise<void> {
  await db.run(`DELETE FROM rollup_labels WHERE label_id = ${sqlString(id)}`);
  if (live) await db.run(`INSERT INTO rollup_labels VALUES ${values(live, true)}`);
}

/**
 * After rollups were written with the live labels of a snapshot: `live` maps each label used
 * (its live range) or whose rows here overlap what was written (its live range then, undefined
 * when it was not live) — the caller's own rebuilt label left out. Each one not in step gets a
 * partial row for its live range and loses `whole` on the rows it had.
 */
export async function recordPartial(db: DuckDBConnection, live: ReadonlyMap<string, Place | undefined>): Promise<void> {
  const rows = await readReflected(db, [...live.keys()]);
  const taint: string[] = [];
  const add: string[] = [];
  for (const [id, now] of live) {
    const mine = rows.get(id) ?? [];
    if (inStep(mine, now)) continue;
    if (mine.some((r) => r.whole)) taint.push(sqlString(id));
    if (now && !mine.some((r) => !r.whole && samePlace(r, now))) add.push(values(now, false));
  }
  if (taint.length > 0) await db.run(`UPDATE rollup_labels SET whole = false WHERE label_id IN (${taint.join(', ')})`);
  if (add.length > 0) await db.run(`INSERT INTO rollup_labels VALUES ${add.join(', ')}`);
}

/** Rows whose range overlaps [from, to], by label (what a write over that span may have touched). */
export async function reflectedOverlapping(
  db: DuckDBConnection,
  from: number,
  to: number,
): Promise<Map<string, Reflected[]>> {
  const ids = (
    await db.runAndReadAll(`SELECT DISTINCT label_id FROM rollup_labels WHERE from_ts <= ${to} AND to_ts >= ${from}`)
  ).getRowsJS() as [string][];
  return readReflected(
    db,
    ids.map(([id]) => id),
  );
}
