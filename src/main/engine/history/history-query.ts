// Reading history back: any range of any series at the tier that answers it fastest, bucketed
// to at most maxPoints with each bucket's min and max kept, and range statistics. Queries see
// the compacted tables and the not-yet-compacted hot rows together, so results are current.
// Bad data (live bad-data labels, history-labels.ts) is out of the rollups already; the hot rows
// added to them here leave it out too, and so do range statistics at the raw tier. A raw-tier
// query returns every reading: the chart greys the labelled range.
import type { DuckDBConnection } from '@duckdb/node-api';
import { TIER_WIDTH_MS, type SeriesPoints, type SeriesStats, type Tier } from '../../../shared/contract';
import type { Reading } from '../../../shared/domain';
import { ROLLUP_TABLES, rollupSelect } from './history-schema';
import { slotRange } from './rollup-store';
import { QUALITY_NAME } from './reading-columns';
import type { SeriesCatalog } from './series-catalog';
import { bucketPoints, readDoubleColumns } from './point-buckets';
import { bucketWidth, chooseTier, type TierRetention } from './tier-choice';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function emptyPoints(series: string, tier: Tier): SeriesPoints {
  return { series, tier, bucketMs: 0, ts: [], value: [], min: [], max: [], count: [] };
}

/**
 * SQL source of mergeable partials for one tier: stored rollups plus the hot rows, in range —
 * without the hot rows when `hot` is false (none can be in range: HotSpan in reading-writer.ts).
 */
function partialsSql(
  tier: Exclude<Tier, 'raw'>,
  ids: string,
  from: number,
  to: number,
  keep = 'TRUE',
  hot = true,
): string {
  const w = TIER_WIDTH_MS[tier];
  const alignedFrom = from - (from % w);
  const where = `series_id IN (${ids}) AND ts >= ${alignedFrom} AND ts <= ${to} AND ${keep}`;
  const stored = `SELECT series_id, bucket, n, sum, min, max, m2 FROM ${ROLLUP_TABLES[tier]}
      WHERE series_id IN (${ids}) AND ${slotRange(tier, alignedFrom, Math.floor(to) + 1)}`;
  return hot ? `${stored} UNION ALL ${rollupSelect('readings_hot', w, where)}` : stored;
}

function rawSql(ids: string, from: number, to: number, keep = 'TRUE', hot = true): string {
  const where = `series_id IN (${ids}) AND ts >= ${from} AND ts <= ${to} AND quality < 2 AND ${keep}`;
  const stored = `SELECT series_id, ts, value FROM readings WHERE ${where}`;
  return hot ? `${stored} UNION ALL SELECT series_id, ts, value FROM readings_hot WHERE ${where}` : stored;
}

/** Rows one query reads into typed arrays (24–48 bytes each) before they are bucketed in SQL. */
export const ROW_BUDGET = 1_000_000;

/** A SQL condition on (series_id, ts) holding outside the live bad-data ranges of these series. */
export type KeepSql = (ids: readonly number[], from: number, to: number) => string;

/** Columns of rollup partials: one entry per partial, series keys repeated. */
export interface BucketPartials {
  series: string[];
  bucket: number[];
  sum: number[];
  n: number[];
}

export class HistoryQueries {
  constructor(
    private readonly catalog: SeriesCatalog,
    private readonly retention: () => TierRetention,
    private readonly keep: KeepSql = () => 'TRUE',
    /** The oldest timestamp readings_hot may hold: ranges that end before it leave the hot rows out. */
    private readonly hotOldest: () => number = () => -Infinity,
    /** Rows a query brings into JS before DuckDB pre-aggregates them per bucket instead. */
    private readonly rowBudget = ROW_BUDGET,
  ) {}

  async query(
    db: DuckDBConnection,
    series: readonly string[],
    from: number,
    to: number,
    maxPoints: number,
    requested: Tier | 'auto',
  ): Promise<SeriesPoints[]> {
    const tier = requested === 'auto' ? chooseTier(from, to, maxPoints, this.retention()) : requested;
    const known = series.map((s) => this.catalog.id(s)).filter((id): id is number => id !== undefined);
    const byId = new Map<number, SeriesPoints>();
    if (known.length > 0) {
      const ids = known.join(',');
      const width = bucketWidth(tier, from, to, maxPoints);
      const origin = tier === 'raw' ? from : from - (from % TIER_WIDTH_MS[tier]);
      const grid = { tier, origin, width, count: Math.floor((to - origin) / width) + 1 };
      // Only the rows in range: bucketing happens in typed arrays (point-buckets.ts).
      const hot = to >= this.hotOldest();
      const source =
        tier === 'raw'
          ? rawSql(ids, from, to, 'TRUE', hot)
          : partialsSql(tier, ids, from, to, this.keep(known, from - DAY, to), hot);
      const cols = await this.rowColumns(db, tier, source, origin, width);
      const found = bucketPoints(
        cols,
        known,
        known.map((id) => this.catalog.key(id)!),
        grid,
      );
      for (const [id, p] of found.points) byId.set(id, p);
      if (tier === 'raw' && !found.downsampled) for (const p of byId.values()) p.bucketMs = 0;
    }
    return series.map((s) => {
      const id = this.catalog.id(s);
      return (id !== undefined && byId.get(id)) || emptyPoints(s, tier);
    });
  }

  /**
   * The rows of `source` (raw readings, or rollup partials) as columns: `[series_id, ts, value]`
   * or `[series_id, bucket, n, sum, min, max]`. When there are more than rowBudget of them (a
   * long range of fast series at the raw tier, or a fine tier asked for over a long range),
   * DuckDB aggregates them per bucket first and the columns are partials `[series_id, first
   * time, n, sum, min, max]`, so memory stays bounded by the points asked for, not by the rows.
   */
  private async rowColumns(db: DuckDBConnection, tier: Tier, source: string, origin: number, width: number) {
    const raw = tier === 'raw';
    const rows = await readDoubleColumns(
      db,
      raw
        ? `SELECT series_id::DOUBLE, ts::DOUBLE, value FROM (${source}) LIMIT ${this.rowBudget + 1}`
        : `SELECT series_id::DOUBLE, bucket::DOUBLE, n::DOUBLE, sum, min, max FROM (${source}) LIMIT ${this.rowBudget + 1}`,
      raw ? 3 : 6,
    );
    if (rows[0]!.length <= this.rowBudget) return rows;
    return readDoubleColumns(
      db,
      raw
        ? `SELECT series_id::DOUBLE, min(ts)::DOUBLE, count(*)::DOUBLE, sum(value), min(value), max(value)
           FROM (${source}) GROUP BY series_id, (ts - ${origin}) // ${width}`
        : `SELECT series_id::DOUBLE, min(bucket)::DOUBLE, sum(n)::DOUBLE, sum(sum), min(min), max(max)
           FROM (${source}) GROUP BY series_id, (bucket - ${origin}) // ${width}`,
      6,
    );
  }

  async stats(db: DuckDBConnection, series: string, from: number, to: number): Promise<SeriesStats> {
    const tier = chooseTier(from, to, 2000, this.retention());
    const id = this.catalog.id(series);
    const base: SeriesStats = {
      series,
      from,
      to,
      tier,
      count: 0,
      min: null,
      max: null,
      avg: null,
      stddev: null,
      slopePerHour: null,
      direction: null,
    };
    if (id === undefined) return base;
    // Time in hours from `from` keeps the least-squares sums well conditioned.
    const keep = this.keep([id], from - DAY, to); // from a day early: buckets start before `from`
    const hot = to >= this.hotOldest();
    const sql =
      tier === 'raw'
        ? `SELECT count(*)::DOUBLE, min(value), max(value), avg(value), stddev_samp(value),
             regr_slope(value, (ts - ${from}) / ${HOUR}.0)
           FROM (${rawSql(String(id), from, to, keep, hot)})`
        : `WITH p AS (
             SELECT n, sum, min, max, m2, (bucket + ${TIER_WIDTH_MS[tier] / 2} - ${from}) / ${HOUR}.0 AS t
             FROM (${partialsSql(tier, String(id), from, to, keep, hot)}))
           SELECT sum(n)::DOUBLE, min(min), max(max), sum(sum) / sum(n),
             sqrt(greatest(sum(m2) + sum(sum * sum / n) - sum(sum) * sum(sum) / sum(n), 0) / nullif(sum(n) - 1, 0)),
             (sum(n) * sum(t * sum) - sum(n * t) * sum(sum)) / nullif(sum(n) * sum(n * t * t) - sum(n * t) * sum(n * t), 0)
           FROM p`;
    const row = (await db.runAndReadAll(sql)).getRowsJS()[0] as (number | null)[];
    const [count, min, max, avg, stddev, slope] = row;
    if (!count) return base;
    const spanHours = (to - from) / HOUR;
    let direction: SeriesStats['direction'] = null;
    if (slope !== null && slope !== undefined && Number.isFinite(slope)) {
      const change = slope * spanHours;
      // A trend counts when it moves the value by more than half its spread over the range.
      direction = Math.abs(change) <= 0.5 * (stddev ?? 0) ? 'stable' : change > 0 ? 'increasing' : 'decreasing';
    }
    return {
      ...base,
      count: count ?? 0,
      min: min ?? null,
      max: max ?? null,
      avg: avg ?? null,
      stddev: stddev ?? null,
      slopePerHour: slope !== null && slope !== undefined && Number.isFinite(slope) ? slope : null,
      direction: direction ?? (count ? 'stable' : null),
    };
  }

  /**
   * The mergeable partials (sum and count of good and uncertain readings) of some series in the
   * buckets of a rollup tier in [from, to], stored and hot, as columns (analytics heatmap and
   * summary). A bucket may come in several partials (late or imported data): the caller adds
   * them up — cheaper in a typed array than a GROUP BY over 10⁵ buckets, and exact either way.
   */
  async bucketPartials(
    db: DuckDBConnection,
    series: readonly string[],
    from: number,
    to: number,
    tier: '1h' | '1d',
  ): Promise<BucketPartials> {
    const known = series.map((s) => this.catalog.id(s)).filter((id): id is number => id !== undefined);
    if (known.length === 0) return { series: [], bucket: [], sum: [], n: [] };
    const ids = known.join(',');
    const sql = `SELECT series_id, bucket::DOUBLE, sum, n::DOUBLE
      FROM (${partialsSql(tier, ids, from, to, this.keep(known, from - DAY, to))})`;
    const [sid, bucket, sum, n] = (await db.runAndReadAll(sql)).getColumnsJS() as [
      number[],
      number[],
      number[],
      number[],
    ];
    return { series: sid.map((id) => this.catalog.key(id)!), bucket, sum, n };
  }

  /** The newest reading of every series that reported in the last day (to fill tiles at start-up). */
  async latest(db: DuckDBConnection, now: number): Promise<Reading[]> {
    const since = now - 86_400_000;
    const rows = (
      await db.runAndReadAll(`
        SELECT series_id, max(ts)::DOUBLE, arg_max(value, ts), arg_max(quality, ts)
        FROM (SELECT * FROM readings_hot UNION ALL SELECT * FROM readings WHERE ts >= ${since}) GROUP BY 1`)
    ).getRowsJS() as [number, number, number, number][];
    return rows.map(([sid, ts, value, q]) => {
      const key = this.catalog.key(sid)!;
      const slash = key.indexOf('/');
      return {
        deviceId: key.slice(0, slash),
        signal: key.slice(slash + 1),
        ts,
        value,
        quality: QUALITY_NAME[q] ?? 'good',
      };
    });
  }

  /**
   * Raw readings of some series in [from, to], oldest first, bad quality left out, at most
   * `limit` of them — the newest `limit` when `newest` (model training reads a device's history
   * through this; detection its recent past, to rebuild a baseline after a bad-data label).
   */
  async rawReadings(
    db: DuckDBConnection,
    series: readonly string[],
    from: number,
    to: number,
    limit: number,
    newest = false,
  ): Promise<{ series: string; ts: number; value: number }[]> {
    const ids = series.map((s) => this.catalog.id(s)).filter((id): id is number => id !== undefined);
    if (ids.length === 0) return [];
    const where = `series_id IN (${ids.join(',')}) AND ts >= ${Math.floor(from)} AND ts <= ${Math.floor(to)} AND quality < 2`;
    const rows = (
      await db.runAndReadAll(`
        SELECT series_id, ts::DOUBLE, value FROM (
          SELECT series_id, ts, value FROM readings WHERE ${where}
          UNION ALL SELECT series_id, ts, value FROM readings_hot WHERE ${where})
        ORDER BY ts ${newest ? 'DESC' : ''}, series_id LIMIT ${Math.floor(limit)}`)
    ).getRowsJS() as [number, number, number][];
    if (newest) rows.reverse();
    return rows.map(([sid, ts, value]) => ({ series: this.catalog.key(sid)!, ts, value }));
  }

  /** Stored readings per series key. */
  async countBySeries(db: DuckDBConnection): Promise<Map<string, number>> {
    const rows = (
      await db.runAndReadAll(
        'SELECT series_id, count(*)::DOUBLE FROM (SELECT series_id FROM readings UNION ALL SELECT series_id FROM readings_hot) GROUP BY 1',
      )
    ).getRowsJS() as [number, number][];
    return new Map(rows.map(([sid, n]) => [this.catalog.key(sid)!, n]));
  }

  async totalReadings(db: DuckDBConnection): Promise<number> {
    const rows = (
      await db.runAndReadAll(
        'SELECT (SELECT count(*) FROM readings)::DOUBLE + (SELECT count(*) FROM readings_hot)::DOUBLE',
      )
    ).getRowsJS() as [number][];
    return rows[0]![0];
  }
}
