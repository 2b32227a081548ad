// The data-lake layout Watchfloor writes and reads: Parquet partitioned hive-style by date
// and device (date=2026-11-22/device=press-7/…parquet) with columns signal, time (UTC
// timestamp, ms precision), value and quality — what DuckDB, Spark, Trino and ClickHouse read
// as is.

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Rows of readings (compacted and hot) as lake columns, for a WHERE clause over alias r. */
export function lakeSelect(where: string): string {
  return `SELECT s.device, s.signal, make_timestamp(r.ts * 1000) AS time, r.value,
      CASE r.quality WHEN 0 THEN 'good' WHEN 1 THEN 'uncertain' ELSE 'bad' END AS quality,
      strftime(make_timestamp(r.ts * 1000), '%Y-%m-%d') AS date
    FROM (SELECT * FROM readings UNION ALL SELECT * FROM readings_hot) r
    JOIN series s ON s.id = r.series_id
    WHERE ${where}`;
}
