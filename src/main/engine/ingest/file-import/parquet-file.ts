// Reading a Parquet file through DuckDB: its columns, a sample of rows for the preview, and
// every row in the chunks DuckDB streams (2048 rows each), so the file is never loaded
// whole. Each import opens its own in-memory DuckDB, apart from the history database, so
// reading a large file never holds up the historian's writer. Values arrive as text, the
// same as CSV fields, and go through the same mapping; date and time columns arrive as
// ISO-8601 UTC.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../../../../shared/errors';
import { sqlString } from '../../history/lake';
import { MAX_DATE_MS } from '../reading-time';
import type { SourceRow } from './row-readings';

interface ParquetColumn {
  name: string;
  type: string;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Each column as text; times as epoch milliseconds, turned into ISO strings in JS. */
function selectList(columns: readonly ParquetColumn[]): { sql: string; isTime: boolean[] } {
  const isTime = columns.map((c) => /^(TIMESTAMP|DATE)/.test(c.type));
  const sql = columns
    .map((c, k) => {
      const id = quoteIdent(c.name);
      if (!isTime[k]) return `${id}::VARCHAR`;
      return c.type === 'DATE' ? `epoch_ms(${id}::TIMESTAMP)` : `epoch_ms(${id})`;
    })
    .join(', ');
  return { sql, isTime };
}

function toFields(values: readonly unknown[], isTime: readonly boolean[]): (string | null)[] {
  return values.map((v, k) => {
    if (v === null || v === undefined) return null;
    // Parquet times reach further than a JavaScript Date: those stay numbers, refused as such.
    if (isTime[k]) return Math.abs(Number(v)) <= MAX_DATE_MS ? new Date(Number(v)).toISOString() : String(v);
    return String(v);
  });
}

function toRow(row: number, columns: readonly ParquetColumn[], fields: (string | null)[]): SourceRow {
  // A dead letter keeps the row as JSON: Parquet has no text form of its own.
  const raw = JSON.stringify(Object.fromEntries(columns.map((c, k) => [c.name, fields[k]])));
  return { row, fields, raw };
}

export class ParquetFile {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    private readonly path: string,
    readonly columns: ParquetColumn[],
    readonly totalRows: number,
  ) {}

  static async open(path: string): Promise<ParquetFile> {
    // Streams one file row group by row group: a small ceiling, not DuckDB's 80 % of the RAM.
    const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '256MiB' });
    const db = await instance.connect();
    try {
      const source = `read_parquet(${sqlString(path)})`;
      const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS() as [string, string][];
      const count = (await db.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${source}`)).getRowsJS()[0]![0] as number;
      return new ParquetFile(
        instance,
        db,
        path,
        described.map(([name, type]) => ({ name, type })),
        count,
      );
    } catch (err) {
      db.closeSync();
      instance.closeSync();
      throw new EngineError('BAD_REQUEST', `not a readable Parquet file: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  async sample(maxRows: number): Promise<SourceRow[]> {
    const { sql, isTime } = selectList(this.columns);
    const rows = (
      await this.db.runAndReadAll(`SELECT ${sql} FROM read_parquet(${sqlString(this.path)}) LIMIT ${maxRows}`)
    ).getRowsJS();
    return rows.map((values, i) => toRow(i + 1, this.columns, toFields(values, isTime)));
  }

  /** Every row, in DuckDB's chunks, numbered from 1 in file order. */
  async *rows(): AsyncGenerator<SourceRow[]> {
    const { sql, isTime } = selectList(this.columns);
    const result = await this.db.stream(`SELECT ${sql} FROM read_parquet(${sqlString(this.path)})`);
    let n = 0;
    for await (const chunk of result.yieldRowsJs()) {
      yield chunk.map((values) => toRow(++n, this.columns, toFields(values, isTime)));
    }
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }
}
