// Series ("device/signal") to compact integer ids, kept in memory and in the `series` table.
// Only the writer creates series, so ids are handed out without a round trip.
import type { DuckDBConnection } from '@duckdb/node-api';
import { seriesKey } from '../../../shared/domain';
import { LastTimestamps } from './stored-marks';

export class SeriesCatalog {
  private readonly ids = new Map<string, number>();
  /** The same ids by device, then signal: the writer's lookup, with no key string per reading. */
  private readonly byDevice = new Map<string, Map<string, number>>();
  private readonly names: string[] = [];
  private nextId = 1;

  async load(db: DuckDBConnection): Promise<LastTimestamps> {
    const rows = (
      await db.runAndReadAll('SELECT id, device, signal, CAST(last_ts AS DOUBLE) FROM series')
    ).getRowsJS() as [number, string, string, number | null][];
    const lastTs = new LastTimestamps();
    for (const [id, device, signal, last] of rows) {
      this.remember(id, seriesKey(device, signal));
      if (last !== null) lastTs.set(id, last);
    }
    return lastTs;
  }

  id(key: string): number | undefined {
    return this.ids.get(key);
  }

  idOf(device: string, signal: string): number | undefined {
    return this.byDevice.get(device)?.get(signal);
  }

  /** Ids of every stored series of a device. */
  idsOfDevice(device: string): number[] {
    return [...(this.byDevice.get(device)?.values() ?? [])];
  }

  /** The signals stored of one device (none when history has no readings of it). */
  signalsOf(device: string): string[] {
    const signals = this.byDevice.get(device);
    return signals ? [...signals.keys()] : [];
  }

  /** Every stored series, as "device/signal". */
  keys(): IterableIterator<string> {
    return this.ids.keys();
  }

  key(id: number): string | undefined {
    return this.names[id];
  }

  get size(): number {
    return this.ids.size;
  }

  /** Ids for the given keys, creating missing series in the database first. */
  async ensure(db: DuckDBConnection, keys: Iterable<string>): Promise<void> {
    const fresh: [number, string, string][] = [];
    const seen = new Set<string>();
    let next = this.nextId;
    for (const key of keys) {
      if (this.ids.has(key) || seen.has(key)) continue;
      seen.add(key);
      const slash = key.indexOf('/');
      fresh.push([next++, key.slice(0, slash), key.slice(slash + 1)]);
    }
    if (fresh.length === 0) return;
    const appender = await db.createAppender('series');
    for (const [id, device, signal] of fresh) {
      appender.appendInteger(id);
      appender.appendVarchar(device);
      appender.appendVarchar(signal);
      appender.appendNull();
      appender.endRow();
    }
    appender.closeSync();
    // Only once stored: an id handed out for a series the database lacks (a failed write)
    // would be given to another series after a restart, mixing their readings.
    for (const [id, device, signal] of fresh) this.remember(id, seriesKey(device, signal));
  }

  /** Adopts series created by SQL (imports) without the writer. */
  async reload(db: DuckDBConnection): Promise<void> {
    const rows = (await db.runAndReadAll('SELECT id, device, signal FROM series')).getRowsJS() as [
      number,
      string,
      string,
    ][];
    for (const [id, device, signal] of rows) this.remember(id, seriesKey(device, signal));
  }

  private remember(id: number, key: string): void {
    this.ids.set(key, id);
    const slash = key.indexOf('/');
    const device = key.slice(0, slash);
    let signals = this.byDevice.get(device);
    if (!signals) {
      signals = new Map();
      this.byDevice.set(device, signals);
    }
    signals.set(key.slice(slash + 1), id);
    this.names[id] = key;
    if (id >= this.nextId) this.nextId = id + 1;
  }
}
