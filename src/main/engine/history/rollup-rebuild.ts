// Rebuilding rollups when a bad-data label changes. A label made, moved, given or stripped of
// the bad-data verdict, deleted or restored changes which readings the rollups of its series
// count: the 1m/1h/1d rows of the buckets overlapping the old and the new range are deleted and
// written again from the compacted raw readings, minus every live bad-data range of the series.
// Hot (not yet compacted) rows are not in any rollup: compaction adds them later, leaving out the
// ranges live then. It runs on the maintenance connection in one transaction, serialised with
// compaction and retention by the store's maintenance queue; the writer only appends to
// readings_hot, which this does not touch, and readers see the rollups before or after, whole.
//
// The same transaction records which bad-data ranges the rollups now reflect (rollup-labels.ts):
// a crash between the label's write to state.db and this rebuild is found and repaired at the next
// start. The rebuild covers the change's old and new range, every range that record holds for the
// label and its live range; the live labels are read once, before the first statement.
//
// Decision (expired raw readings): a tier's buckets are rebuilt only when every bucket starts at or
// after the raw retention cutoff; otherwise the raw readings of part of them are gone and a
// rebuild would throw away good data with the bad, so that tier is kept as it is, the result
// says so (`kept`, `expired`, `message`) and the store logs the message. The record still says
// the label's live range: nothing better can be done, and each start would only say so again.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS, type Tier } from '../../../shared/contract';
import type { LabelChange, LabelRange } from '../annotations/annotation-ports';
import { keepSql, type BadRange } from './bad-ranges';
import {
  placeOf,
  readReflected,
  recordPartial,
  recordRebuilt,
  reflectedOverlapping,
  type Place,
  type Reflected,
} from './rollup-labels';
import { insertPartials, ROLLUP_STORES, slotRange, storedRollupSelect } from './rollup-store';
import type { SeriesCatalog } from './series-catalog';

type RollupTier = Exclude<Tier, 'raw'>;

/** The live bad-data labels, as HistoryLabels reads them from the annotation index. */
export interface BadDataSource {
  /** Live bad-data ranges of these series overlapping [from, to]. */
  ranges(catalog: SeriesCatalog, ids: readonly number[], from: number, to: number): BadRange[];
  /** The live bad-data label `id`, looked for where these ranges of it lie; undefined when gone. */
  liveOf(id: string, where: readonly Place[]): Place | undefined;
}
const TIERS: readonly RollupTier[] = ['1m', '1h', '1d'];

/** What a label change did to the rollups (null from rebuildFor: the change did not concern them). */
export interface RollupRebuild {
  labelId: string;
  /** Series whose rollups were looked at. */
  series: string[];
  /** Tiers rebuilt for every range of the change, and tiers left as they were (raw readings expired). */
  rebuilt: RollupTier[];
  kept: RollupTier[];
  expired: boolean;
  /** For the operator: what was done, or why the rollups were left as they are. */
  message: string;
}

/** Whether a change moves what rollups count: bad data before or after, and the range, series or verdict moved. */
export function concernsRollups(change: LabelChange): boolean {
  const { before, after, action } = change;
  if (action === 'corrections') return false; // corrected values are an overlay, never in rollups
  const bad = (l: LabelRange | null) => l !== null && l.verdict === 'bad-data';
  if (!bad(before) && !bad(after)) return false;
  if (before && after && bad(before) && bad(after)) {
    return before.from !== after.from || before.to !== after.to || before.signal !== after.signal;
  }
  return true;
}

export function rebuildFor(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  labels: BadDataSource,
  change: LabelChange,
  rawCutoff: number,
): Promise<RollupRebuild | null> {
  if (!concernsRollups(change)) return Promise.resolve(null);
  const ranges = [change.before, change.after].filter((l): l is LabelRange => l !== null).map(placeOf);
  return rebuildLabel(db, catalog, labels, ranges[0]!.id, ranges, rawCutoff);
}

/**
 * Rebuilds the rollups of a label over `given` ranges, every range rollup_labels holds for it and
 * its live range; records, in the same transaction, that the rollups now reflect its live range
 * (and which other labels they reflect only in part: rollup-labels.ts).
 */
export async function rebuildLabel(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  labels: BadDataSource,
  labelId: string,
  given: readonly Place[],
  rawCutoff: number,
): Promise<RollupRebuild> {
  const ids = new Set<number>();
  const rebuilt = new Set<RollupTier>();
  const kept = new Set<RollupTier>();
  await db.run('BEGIN TRANSACTION');
  try {
    const had = (await readReflected(db, [labelId])).get(labelId) ?? [];
    const known = [...given, ...had];
    const day = TIER_WIDTH_MS['1d'];
    const touched =
      known.length === 0
        ? new Map<string, Reflected[]>()
        : await reflectedOverlapping(
            db,
            Math.min(...known.map((p) => p.from)) - day,
            Math.max(...known.map((p) => p.to)) + day,
          );
    // From here to the first await: one snapshot of the live labels for every statement and record.
    const live = labels.liveOf(labelId, known);
    const places = distinct(live ? [...known, live] : known);
    const statements: string[] = [];
    const others = new Map<string, Place | undefined>();
    for (const l of places) {
      const mine = seriesOf(catalog, l);
      if (mine.length === 0) continue;
      for (const id of mine) ids.add(id);
      for (const tier of TIERS) {
        const w = TIER_WIDTH_MS[tier];
        const start = l.from - (l.from % w);
        const end = l.to - (l.to % w) + w;
        if (start < rawCutoff) {
          kept.add(tier);
          continue;
        }
        rebuilt.add(tier);
        const inSeries = `series_id IN (${mine.join(',')})`;
        // Every bad range of these series over the span, not only this label's.
        const bad = labels.ranges(catalog, mine, start, end - 1);
        for (const b of bad) if (b.label.id !== labelId) others.set(b.label.id, placeOf(b.label));
        statements.push(
          `DELETE FROM ${ROLLUP_STORES[tier]} WHERE ${inSeries} AND ${slotRange(tier, start, end)}`,
          insertPartials(
            tier,
            storedRollupSelect(
              'readings_store',
              w,
              `${inSeries} AND ts >= ${start} AND ts < ${end} AND ${keepSql(bad)}`,
            ),
          ),
        );
      }
    }
    for (const [id, rows] of touched) if (id !== labelId && !others.has(id)) others.set(id, labels.liveOf(id, rows));
    await recordRebuilt(db, labelId, live);
    await recordPartial(db, others);
    for (const sql of statements) await db.run(sql);
    await db.run('COMMIT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
  for (const t of rebuilt) kept.delete(t);
  const series = [...ids].map((id) => catalog.key(id)!).sort();
  const expired = kept.size > 0;
  const names = series.length > 0 ? series.join(', ') : 'no stored series';
  const message = expired
    ? `bad-data label ${labelId}: raw readings of ${names} before the retention cutoff are gone; ${[...kept].join('/')} rollups left as they were${rebuilt.size > 0 ? `, ${[...rebuilt].join('/')} rebuilt` : ''}`
    : `bad-data label ${labelId}: ${[...rebuilt].join('/') || 'no'} rollups of ${names} rebuilt`;
  return {
    labelId,
    series,
    rebuilt: TIERS.filter((t) => rebuilt.has(t)),
    kept: TIERS.filter((t) => kept.has(t)),
    expired,
    message,
  };
}

function distinct(places: readonly Place[]): Place[] {
  const seen = new Map<string, Place>();
  for (const p of places) seen.set(`${p.deviceId}\u0000${p.signal}\u0000${p.from}\u0000${p.to}`, p);
  return [...seen.values()];
}

/** Stored series a label covers: its own, or every series of its device for "*". */
function seriesOf(catalog: SeriesCatalog, l: Place): number[] {
  if (l.signal !== '*') {
    const id = catalog.idOf(l.deviceId, l.signal);
    return id === undefined ? [] : [id];
  }
  return catalog.idsOfDevice(l.deviceId);
}
