// The device registry: configured devices plus those discovered on the wire. Lookups on the
// ingest path are in memory; changes are written through to SQLite.
import { Device, Signal as SignalSchema, type DeviceInput, type Signal } from '../../../shared/domain';
import type { StateDb } from './state-db';

interface DeviceRow {
  id: string;
  name: string;
  kind: string;
  location: string;
  area: string | null;
  signals: string;
  unconfigured: number;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, Device>();
  /** deviceId → signal key → signal: looked up for every reading, without building a key string. */
  private readonly signalIndex = new Map<string, Map<string, Signal>>();

  constructor(private readonly db: StateDb) {}

  /** Loads what is stored, then upserts the configured fleet (configuration wins for the devices it names). */
  load(configured: readonly Device[], now: number): void {
    const rows = this.db.prepare('SELECT * FROM devices').all() as DeviceRow[];
    for (const row of rows) {
      this.remember(
        Device.parse({
          id: row.id,
          name: row.name,
          kind: row.kind,
          location: row.location,
          area: row.area ?? '',
          signals: JSON.parse(row.signals) as unknown,
          unconfigured: row.unconfigured === 1,
        }),
      );
    }
    const upsert = this.db.transaction((list: readonly Device[]) => {
      for (const d of list) this.save(d, now);
    });
    upsert(configured);
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  signal(deviceId: string, key: string): Signal | undefined {
    return this.signalIndex.get(deviceId)?.get(key);
  }

  /** Every device, in no particular order (counting, where list()'s sort is wasted). */
  values(): IterableIterator<Device> {
    return this.devices.values();
  }

  list(): Device[] {
    return [...this.devices.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  get size(): number {
    return this.devices.size;
  }

  /**
   * Registers signals seen on the wire on one device (unconfigured when it is new), with one
   * write whatever their number: a message naming thousands of new signals costs time in
   * proportion to them, not to their square. A device holds at most `maxSignals` signals
   * registered this way; the keys beyond are returned, not registered.
   */
  registerSignals(
    id: string,
    signals: readonly { key: string; unit: string }[],
    now: number,
    maxSignals: number,
  ): { refused: string[] } {
    const existing = this.devices.get(id);
    const known = this.signalIndex.get(id);
    const added: Signal[] = [];
    const refused: string[] = [];
    const seen = new Set<string>();
    let room = maxSignals - (existing?.signals.length ?? 0);
    for (const s of signals) {
      if (known?.has(s.key) || seen.has(s.key)) continue;
      seen.add(s.key);
      if (room <= 0) {
        refused.push(s.key);
        continue;
      }
      added.push(SignalSchema.parse({ key: s.key, unit: s.unit }));
      room--;
    }
    if (added.length === 0 && existing) return { refused };
    const device: Device = existing
      ? { ...existing, signals: [...existing.signals, ...added] }
      : Device.parse({ id, name: id, kind: 'unknown', unconfigured: true, signals: [] } satisfies DeviceInput);
    if (!existing) device.signals = added;
    this.save(device, now);
    return { refused };
  }

  /** Bumped when a configured device is added, changed or removed (detection recompiles its rules). */
  get revision(): number {
    return this.changes;
  }
  private changes = 0;

  /** Adds or replaces a configured device (Settings → Sources): its limits apply to the next reading. */
  configure(device: Device, now: number): void {
    this.save(device, now);
    this.changes++;
  }

  /** Forgets a device (its history stays); seen again, it comes back unconfigured if auto-registration is on. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM devices WHERE id = ?').run(id);
    this.devices.delete(id);
    this.signalIndex.delete(id);
    this.changes++;
  }

  /** Prepared once: a new plant coming online registers thousands of series in a burst. */
  private upsertStatement: ReturnType<StateDb['prepare']> | undefined;

  private save(device: Device, now: number): void {
    this.upsertStatement ??= this.db.prepare(
      `INSERT INTO devices (id, name, kind, location, area, signals, unconfigured, created_at, updated_at)
       VALUES (@id, @name, @kind, @location, @area, @signals, @unconfigured, @now, @now)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
         location = excluded.location, area = excluded.area, signals = excluded.signals,
         unconfigured = excluded.unconfigured, updated_at = excluded.updated_at`,
    );
    this.upsertStatement.run({
      id: device.id,
      name: device.name,
      kind: device.kind,
      location: device.location,
      area: device.area,
      signals: JSON.stringify(device.signals),
      unconfigured: device.unconfigured ? 1 : 0,
      now,
    });
    this.remember(device);
  }

  private remember(device: Device): void {
    this.devices.set(device.id, device);
    this.signalIndex.set(device.id, new Map(device.signals.map((s) => [s.key, s])));
  }
}
