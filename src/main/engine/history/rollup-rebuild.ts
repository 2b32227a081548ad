// Rebuilding rollups when a bad-data label changes. A label made, moved, given or stripped of
// the bad-data verdict, deleted or restored changes which readings the rollups of its series
// count: the 1m/1h/1d rows of the buckets overlapping the old and the new range are deleted and
// written again from the compacted raw readings, minus every live bad-data range of the series.
// Hot (not yet compacted) rows are not in any rollup: compaction adds them later, leaving out the
// ranges live then. It runs on the maintenance connection in one transaction, serialised with
// compaction and retention by the store's maintenance queue; the writer only appends to
// readings_hot, which this does not touch, and readers see the rollups before or after, whole.
//
// Decision (expired raw readings): a tier's buckets are rebuilt only when every bucket starts at or
// after the raw retention cutoff; otherwise the raw readings of part of them are gone and a
// rebuild would throw away good data with the bad, so that tier is kept as it is, the result
// says so (`kept`, `expired`, `message`) and the store logs the message.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS, type Tier } from '../../../shared/contract';
import type { LabelChange, LabelRange } from '../annotations/annotation-ports';
import { ROLLUP_TABLES, rollupSelect } from './history-schema';
import type { SeriesCatalog } from './series-catalog';

type RollupTier = Exclude<Tier, 'raw'>;

/** The SQL condition holding outside every live bad-data range of these series (HistoryLabels.keepSql). */
interface BadDataConditions {
  keepSql(catalog: SeriesCatalog, ids: readonly number[], from: number, to: number): string;
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

export async function rebuildFor(
  db: DuckDBConnection,
  catalog: SeriesCatalog,
  labels: BadDataConditions,
  change: LabelChange,
  rawCutoff: number,
): Promise<RollupRebuild | null> {
  if (!concernsRollups(change)) return null;
  const ranges = [change.before, change.after].filter((l): l is LabelRange => l !== null);
  const labelId = ranges[0]!.id;
  const ids = new Set<number>();
  for (const l of ranges) for (const id of seriesOf(catalog, l)) ids.add(id);
  const series = [...ids].map((id) => catalog.key(id)!).sort();
  const rebuilt = new Set<RollupTier>();
  const kept = new Set<RollupTier>();
  if (ids.size > 0) {
    await db.run('BEGIN TRANSACTION');
    try {
      for (const l of ranges) {
        const mine = seriesOf(catalog, l);
        if (mine.length === 0) continue;
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
          const keep = labels.keepSql(catalog, mine, start, end - 1);
          await db.run(
            `DELETE FROM ${ROLLUP_TABLES[tier]} WHERE ${inSeries} AND bucket >= ${start} AND bucket < ${end}`,
          );
          await db.run(
            `INSERT INTO ${ROLLUP_TABLES[tier]} ${rollupSelect('readings', w, `${inSeries} AND ts >= ${start} AND ts < ${end} AND ${keep}`)}
             ORDER BY series_id, bucket`,
          );
        }
      }
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK').catch(() => {});
      throw err;
    }
  }
  for (const t of rebuilt) kept.delete(t);
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

/** Stored series a label covers: its own, or every series of its device for "*". */
function seriesOf(catalog: SeriesCatalog, l: LabelRange): number[] {
  if (l.signal !== '*') {
    const id = catalog.idOf(l.deviceId, l.signal);
    return id === undefined ? [] : [id];
  }
  return catalog.idsOfDevice(l.deviceId);
}
