// History in DuckDB (`history.duckdb`): one row per reading, keyed by a compact series id.
// One writer appends micro-batches through the appender; readers use their own connection.
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import type { Quality, Reading } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import type { SeriesPoints } from '../../../shared/contract';
import { downsampleMinMax } from './downsample';

const QUALITY_CODE: Record<Quality, number> = { good: 0, uncertain: 1, bad: 2 };
const QUALITY_NAME: Quality[] = ['good', 'uncertain', 'bad'];

export class HistoryStore {
  private instance!: DuckDBInstance;
  private writer!: DuckDBConnection;
  private reader!: DuckDBConnection;
  private appender!: DuckDBAppender;
  private readonly seriesIds = new Map<string, number>();
  private nextSeriesId = 1;
  private storedCount = 0;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<void> {
    this.instance = await DuckDBInstance.create(join(this.dataDir, 'history.duckdb'));
    this.writer = await this.instance.connect();
    this.reader = await this.instance.connect();
    await this.writer.run(`
      CREATE TABLE IF NOT EXISTS series (
        id INTEGER PRIMARY KEY, device VARCHAR NOT NULL, signal VARCHAR NOT NULL);
      CREATE TABLE IF NOT EXISTS readings (
        series_id INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL, quality UTINYINT NOT NULL);
    `);
    const rows = (await this.writer.runAndReadAll('SELECT id, device, signal FROM series')).getRowsJS();
    for (const [id, device, signal] of rows as [number, string, string][]) {
      this.seriesIds.set(seriesKey(device, signal), id);
      this.nextSeriesId = Math.max(this.nextSeriesId, id + 1);
    }
    this.appender = await this.writer.createAppender('readings');
  }

  async stop(): Promise<void> {
    if (!this.instance) return;
    this.appender.closeSync();
    await this.writer.run('CHECKPOINT');
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }

  /** Readings written since start. */
  get stored(): number {
    return this.storedCount;
  }

  /** Appends a batch and makes it durable before resolving. Only the pipeline calls this. */
  async append(readings: readonly Reading[]): Promise<void> {
    if (readings.length === 0) return;
    const fresh: [number, string, string][] = [];
    for (const r of readings) {
      const key = seriesKey(r.deviceId, r.signal);
      if (!this.seriesIds.has(key)) {
        const id = this.nextSeriesId++;
        this.seriesIds.set(key, id);
        fresh.push([id, r.deviceId, r.signal]);
      }
    }
    if (fresh.length > 0) {
      const series = await this.writer.createAppender('series');
      for (const [id, device, signal] of fresh) {
        series.appendInteger(id);
        series.appendVarchar(device);
        series.appendVarchar(signal);
        series.endRow();
      }
      series.closeSync();
    }
    const a = this.appender;
    for (const r of readings) {
      a.appendInteger(this.seriesIds.get(seriesKey(r.deviceId, r.signal))!);
      a.appendBigInt(BigInt(Math.round(r.ts)));
      a.appendDouble(r.value);
      a.appendUTinyInt(QUALITY_CODE[r.quality]);
      a.endRow();
    }
    a.flushSync();
    this.storedCount += readings.length;
  }

  /** Points of each series in [from, to], at most maxPoints each (min/max per bucket kept). */
  async query(series: readonly string[], from: number, to: number, maxPoints: number): Promise<SeriesPoints[]> {
    const out: SeriesPoints[] = [];
    for (const s of series) {
      const id = this.seriesIds.get(s);
      if (id === undefined) {
        out.push({ series: s, tier: 'raw', ts: [], value: [] });
        continue;
      }
      const cols = (
        await this.reader.runAndReadAll(
          'SELECT CAST(ts AS DOUBLE) AS ts, value FROM readings WHERE series_id = $1 AND ts BETWEEN $2 AND $3 ORDER BY ts',
          [id, Math.floor(from), Math.ceil(to)],
        )
      ).getColumnsJS() as [number[], number[]];
      const [ts, value] = downsampleMinMax(cols[0] ?? [], cols[1] ?? [], maxPoints);
      out.push({ series: s, tier: 'raw', ts, value });
    }
    return out;
  }

  /** The newest reading of every series (to fill tiles at start-up). */
  async latest(): Promise<Reading[]> {
    const rows = (
      await this.reader.runAndReadAll(`
        SELECT s.device, s.signal, CAST(max(r.ts) AS DOUBLE), arg_max(r.value, r.ts), arg_max(r.quality, r.ts)
        FROM readings r JOIN series s ON s.id = r.series_id GROUP BY s.device, s.signal`)
    ).getRowsJS() as [string, string, number, number, number][];
    return rows.map(([deviceId, signal, ts, value, q]) => ({
      deviceId,
      signal,
      ts,
      value,
      quality: QUALITY_NAME[q] ?? 'good',
    }));
  }

  /** Stored readings per series key: for health views and tests. */
  async countBySeries(): Promise<Map<string, number>> {
    const rows = (
      await this.reader.runAndReadAll(
        'SELECT s.device, s.signal, CAST(count(*) AS DOUBLE) FROM readings r JOIN series s ON s.id = r.series_id GROUP BY ALL',
      )
    ).getRowsJS() as [string, string, number][];
    return new Map(rows.map(([d, s, n]) => [seriesKey(d, s), n]));
  }
}
