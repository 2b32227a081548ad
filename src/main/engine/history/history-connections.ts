// The DuckDB instance behind history and its connections: one writer (the only one that appends
// readings), one for maintenance (compaction, retention), one for exports and backups, and two
// readers for queries. Opened together, and closed together — also after DuckDB invalidated the
// database, when closing answers with errors that no longer matter.
import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../../../shared/errors';

export interface HistoryConnections {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  maintenance: DuckDBConnection;
  exports: DuckDBConnection;
  readers: DuckDBConnection[];
}

export async function openConnections(file: string, options?: Record<string, string>): Promise<HistoryConnections> {
  const instance = await DuckDBInstance.create(file, options);
  const opened: DuckDBConnection[] = [];
  try {
    for (let i = 0; i < 5; i++) opened.push(await instance.connect());
  } catch (err) {
    closeConnections({ instance, readers: opened });
    throw err;
  }
  const [writer, maintenance, exports, ...readers] = opened as [DuckDBConnection, DuckDBConnection, DuckDBConnection];
  return { instance, writer, maintenance, exports, readers };
}

/** Closes whatever of them is open, ignoring the errors of a database that failed. */
export function closeConnections(c: Partial<HistoryConnections>): void {
  const quietly = (close: () => void) => {
    try {
      close();
    } catch {
      // already invalid or closed
    }
  };
  for (const conn of [c.writer, c.maintenance, c.exports, ...(c.readers ?? [])]) {
    if (conn) quietly(() => conn.closeSync());
  }
  if (c.instance) quietly(() => c.instance!.closeSync());
}

/** Why history.duckdb would not open, naming the file and what to do. */
export function openFailure(file: string, dataDir: string, err: unknown): EngineError {
  const message = (err as Error).message.replace(/\s+/g, ' ').trim();
  if (/lock/i.test(message))
    return new EngineError('INVALID_STATE', `${file} is in use by another process: ${message}`);
  return new EngineError(
    'INVALID_STATE',
    `${file} cannot be opened (${message}). Restore a backup with \`watchfloor restore <backup> --data ${dataDir}\`, or move the file aside to start with empty history`,
  );
}

/** Runs async work one at a time, in order. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => {});
    return next;
  }
  idle(): Promise<void> {
    return this.tail.then(() => {});
  }
}

/** The database file's size on disk with its write-ahead log. */
export function databaseBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}.wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no WAL right after a checkpoint
    }
  }
  return total;
}
