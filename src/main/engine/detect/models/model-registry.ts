// The model registry in state.db: every version of every device's model, where its file is,
// what it was trained on and how well, and its status. At most one model per device is active
// (a unique index says so); activating one retires the previous active one and remembers it,
// so a rollback is one step. Shadow models score beside the active one but raise nothing.
import type { ModelInfo, ModelStatus } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import type { StateDb } from '../../state/state-db';

/** How to feed a model's session and read its answer. */
export interface ModelIo {
  input: string;
  output: string;
  /** [batch, d] per-signal contributions, when the model has them (Watchfloor's PCA). */
  contributions?: string;
  /** Consecutive vectors per input row (1 = the current vector only). */
  window: number;
  /** Applied in Watchfloor before feeding: (x − mean) / std per signal; null when the graph does it. */
  normalization: { mean: number[]; std: number[] } | null;
  /** The input's rank: 2 = [batch, window·d], 3 = [batch, window, d]. */
  rank: 2 | 3;
}

export interface ModelRecord extends ModelInfo {
  io: ModelIo;
  /** The model this one replaced when it was activated. */
  replacedId: string | null;
}

interface Row {
  id: string;
  device_id: string;
  version: number;
  kind: string;
  source: string;
  status: string;
  signals: string;
  threshold: number;
  io: string;
  file: string;
  trained_from: number | null;
  trained_to: number | null;
  metrics: string;
  created_at: number;
  activated_at: number | null;
  retired_at: number | null;
  replaced_id: string | null;
}

function fromRow(r: Row): ModelRecord {
  return {
    id: r.id,
    deviceId: r.device_id,
    version: r.version,
    kind: r.kind as ModelRecord['kind'],
    source: r.source as ModelRecord['source'],
    status: r.status as ModelStatus,
    signals: JSON.parse(r.signals) as string[],
    threshold: r.threshold,
    io: JSON.parse(r.io) as ModelIo,
    file: r.file,
    trainedFrom: r.trained_from,
    trainedTo: r.trained_to,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
    retiredAt: r.retired_at,
    replacedId: r.replaced_id,
  };
}

export function publicInfo(m: ModelRecord): ModelInfo {
  const { io: _io, replacedId: _r, ...info } = m;
  return info;
}

type Listener = () => void;

export class ModelRegistry {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly db: StateDb,
    private readonly clock: () => number,
  ) {}

  /** Called after any status change (scoring reloads its sessions). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(deviceId?: string): ModelRecord[] {
    const rows = deviceId
      ? this.db.prepare('SELECT * FROM models WHERE device_id = ? ORDER BY version DESC').all(deviceId)
      : this.db.prepare('SELECT * FROM models ORDER BY device_id, version DESC').all();
    return (rows as Row[]).map(fromRow);
  }

  /** Active and shadow models: the ones that score. */
  scoring(): ModelRecord[] {
    return (this.db.prepare("SELECT * FROM models WHERE status <> 'retired'").all() as Row[]).map(fromRow);
  }

  get(id: string): ModelRecord {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new EngineError('NOT_FOUND', `no model ${id}`);
    return fromRow(row);
  }

  find(id: string): ModelRecord | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  nextVersion(deviceId: string): number {
    const r = this.db
      .prepare("SELECT max(version) AS v FROM models WHERE device_id = ? AND source = 'trained'")
      .get(deviceId) as { v: number | null };
    return (r.v ?? 0) + 1;
  }

  /** Records a new model, in shadow. */
  add(m: Omit<ModelRecord, 'status' | 'activatedAt' | 'retiredAt' | 'replacedId' | 'createdAt'>): ModelRecord {
    this.db
      .prepare(
        `INSERT INTO models (id, device_id, version, kind, source, status, signals, threshold, io, file,
           trained_from, trained_to, metrics, created_at)
         VALUES (?, ?, ?, ?, ?, 'shadow', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.id,
        m.deviceId,
        m.version,
        m.kind,
        m.source,
        JSON.stringify(m.signals),
        m.threshold,
        JSON.stringify(m.io),
        m.file,
        m.trainedFrom,
        m.trainedTo,
        JSON.stringify(m.metrics),
        this.clock(),
      );
    this.changed();
    return this.get(m.id);
  }

  /** Updates what a supplied model's manifest says, keeping its status. */
  refresh(id: string, m: Pick<ModelRecord, 'signals' | 'threshold' | 'io' | 'file' | 'deviceId'>): void {
    this.db
      .prepare('UPDATE models SET signals = ?, threshold = ?, io = ?, file = ?, device_id = ? WHERE id = ?')
      .run(JSON.stringify(m.signals), m.threshold, JSON.stringify(m.io), m.file, m.deviceId, id);
  }

  activate(id: string): ModelRecord {
    const now = this.clock();
    this.db.transaction(() => {
      const m = this.get(id);
      if (m.status === 'active') throw new EngineError('INVALID_STATE', `${id} is already active`);
      const current = this.active(m.deviceId);
      if (current) {
        this.db.prepare("UPDATE models SET status = 'retired', retired_at = ? WHERE id = ?").run(now, current.id);
      }
      this.db
        .prepare(
          "UPDATE models SET status = 'active', activated_at = ?, retired_at = NULL, replaced_id = ? WHERE id = ?",
        )
        .run(now, current?.id ?? null, id);
    })();
    this.changed();
    return this.get(id);
  }

  retire(id: string): ModelRecord {
    const m = this.get(id);
    if (m.status === 'retired') throw new EngineError('INVALID_STATE', `${id} is already retired`);
    this.db.prepare("UPDATE models SET status = 'retired', retired_at = ? WHERE id = ?").run(this.clock(), id);
    this.changed();
    return this.get(id);
  }

  /** Retires the active model and re-activates the one it replaced. */
  rollback(deviceId: string): ModelRecord {
    const now = this.clock();
    let restored = '';
    this.db.transaction(() => {
      const current = this.active(deviceId);
      if (!current) throw new EngineError('INVALID_STATE', `device ${deviceId} has no active model to roll back`);
      const previous = current.replacedId ? this.find(current.replacedId) : undefined;
      if (!previous) {
        throw new EngineError('INVALID_STATE', `${current.id} replaced no earlier model; retire it instead`);
      }
      this.db.prepare("UPDATE models SET status = 'retired', retired_at = ? WHERE id = ?").run(now, current.id);
      // The restored model keeps what it had replaced, so a second rollback steps back again.
      this.db
        .prepare("UPDATE models SET status = 'active', activated_at = ?, retired_at = NULL WHERE id = ?")
        .run(now, previous.id);
      restored = previous.id;
    })();
    this.changed();
    return this.get(restored);
  }

  active(deviceId: string): ModelRecord | undefined {
    const row = this.db.prepare("SELECT * FROM models WHERE device_id = ? AND status = 'active'").get(deviceId) as
      Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
