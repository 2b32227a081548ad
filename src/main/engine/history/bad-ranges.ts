// A live bad-data range on one stored series, and the SQL condition that holds outside a list of
// them. Ranges become predicates written into the statement (a few labels per series at most, in
// practice): no shared temporary table that two connections would have to agree on.
import type { LabelRange } from '../annotations/annotation-ports';

export interface BadRange {
  seriesId: number;
  from: number;
  to: number;
  /** The live label the range comes from. */
  label: LabelRange;
}

/** The SQL condition for a list of ranges: TRUE when there are none. */
export function keepSql(ranges: readonly BadRange[], ts = 'ts', series = 'series_id'): string {
  if (ranges.length === 0) return 'TRUE';
  const terms = ranges.map((r) => `(${series} = ${r.seriesId} AND ${ts} BETWEEN ${r.from} AND ${r.to})`);
  return `NOT (${terms.join(' OR ')})`;
}
