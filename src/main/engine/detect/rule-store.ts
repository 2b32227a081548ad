// Detection rules in SQLite, with an audit row (who, when, before, after) for every change.
// The configuration file and Settings → Rules edit the same table: at start, an entry the file
// names is applied when the file's version of it changed since it was last applied (so an edit
// in the file wins once, and a later edit in Settings is not undone by every restart); entries
// the file stopped naming are removed unless they were edited in Settings. Every save is
// validated against the schema and the device registry, with the reasons in the error.
import type { z } from 'zod';
import {
  RuleEntry,
  RuleSet,
  type RuleAudit,
  type RuleEntryInput,
  type StoredRuleEntry,
} from '../../../shared/contract/detection';
import type { Device } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { StateDb } from '../state/state-db';
import { RuleBook, type RuleBookOptions } from './rule-book';

interface RuleRow {
  device: string;
  signal: string;
  rules: string;
  origin: 'config' | 'ui';
  config_rules: string | null;
  updated_at: number;
  updated_by: string;
}

interface AuditRow {
  id: number;
  at: number;
  by: string;
  action: RuleAudit['action'];
  device: string;
  signal: string;
  before: string | null;
  after: string | null;
}

export interface RuleRegistry {
  get(id: string): Device | undefined;
}

const CONFIG_ACTOR = 'config file';

/** Turns zod issues into one readable sentence per problem, with where it is. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function stable(rules: RuleSet): string {
  return JSON.stringify(rules);
}

export class RuleStore {
  readonly book: RuleBook;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: StateDb,
    private readonly registry: RuleRegistry,
    options: Pick<RuleBookOptions, 'kindDefaults'> = {},
  ) {
    this.book = new RuleBook([], { ...options, deviceKind: (id) => registry.get(id)?.kind });
  }

  /** Applies the configuration file's entries (see the header), then loads everything. */
  load(configured: readonly RuleEntry[], now: number): void {
    const rows = new Map(this.rows().map((r) => [`${r.device}\u0000${r.signal}`, r]));
    const named = new Set<string>();
    this.db.transaction(() => {
      for (const entry of configured) {
        const key = `${entry.device}\u0000${entry.signal}`;
        named.add(key);
        const text = stable(entry.rules);
        const row = rows.get(key);
        if (row && row.config_rules === text) continue; // unchanged in the file: what is stored stands
        this.write(entry.device, entry.signal, entry.rules, 'config', text, CONFIG_ACTOR, now, row);
      }
      for (const [key, row] of rows) {
        if (named.has(key) || row.config_rules === null) continue;
        if (row.origin === 'config') this.remove(row, CONFIG_ACTOR, now);
        else
          this.db
            .prepare('UPDATE detection_rules SET config_rules = NULL WHERE device = ? AND signal = ?')
            .run(row.device, row.signal);
      }
    })();
    this.refresh();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): StoredRuleEntry[] {
    return this.rows().map((r) => ({
      device: r.device,
      signal: r.signal,
      rules: RuleSet.parse(JSON.parse(r.rules)),
      origin: r.origin,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  /** Validates and stores the rules of one target, replacing what was there; audited. */
  save(input: RuleEntryInput, by: string, now: number): StoredRuleEntry {
    const parsed = RuleEntry.safeParse(input);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      throw new EngineError(
        'BAD_REQUEST',
        `rules not saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        {
          issues,
        },
      );
    }
    const entry = parsed.data;
    const issues = this.checkAgainstRegistry(entry);
    if (issues.length > 0) {
      throw new EngineError(
        'BAD_REQUEST',
        `rules not saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        {
          issues,
        },
      );
    }
    const row = this.row(entry.device, entry.signal);
    if (row && row.rules === stable(entry.rules))
      return this.list().find((e) => e.device === entry.device && e.signal === entry.signal)!;
    this.db.transaction(() =>
      this.write(entry.device, entry.signal, entry.rules, 'ui', row?.config_rules ?? null, by, now, row),
    )();
    this.refresh();
    return {
      device: entry.device,
      signal: entry.signal,
      rules: entry.rules,
      origin: 'ui',
      updatedAt: now,
      updatedBy: by,
    };
  }

  delete(device: string, signal: string, by: string, now: number): boolean {
    const row = this.row(device, signal);
    if (!row) return false;
    this.db.transaction(() => this.remove(row, by, now))();
    this.refresh();
    return true;
  }

  audit(filter: { device?: string; signal?: string; limit: number }): RuleAudit[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.device !== undefined) {
      where.push('device = ?');
      args.push(filter.device);
    }
    if (filter.signal !== undefined) {
      where.push('signal = ?');
      args.push(filter.signal);
    }
    const sql = `SELECT * FROM rule_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, filter.limit) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      by: r.by,
      action: r.action,
      device: r.device,
      signal: r.signal,
      before: r.before === null ? null : RuleSet.parse(JSON.parse(r.before)),
      after: r.after === null ? null : RuleSet.parse(JSON.parse(r.after)),
    }));
  }

  /** What the schema cannot know: the device and signal exist, and overridden limits stay ordered. */
  private checkAgainstRegistry(entry: RuleEntry): { path: string; message: string }[] {
    const issues: { path: string; message: string }[] = [];
    if (entry.device === '*') return issues;
    const device = this.registry.get(entry.device);
    if (!device) return [{ path: 'device', message: `no device "${entry.device}"` }];
    if (entry.signal === '*') return issues;
    const signal = device.signals.find((s) => s.key === entry.signal);
    if (!signal) return [{ path: 'signal', message: `device ${entry.device} has no signal "${entry.signal}"` }];
    const l = entry.rules.limits;
    if (l) {
      const merged = {
        ...signal.limits,
        ...Object.fromEntries(Object.entries(l).filter(([k]) => ['lo', 'hi', 'loLo', 'hiHi'].includes(k))),
      };
      const order = ['loLo', 'lo', 'hi', 'hiHi'] as const;
      const present = order.filter((k) => typeof merged[k] === 'number');
      for (let i = 1; i < present.length; i++) {
        const a = present[i - 1]!;
        const b = present[i]!;
        if (!(merged[a]! < merged[b]!)) {
          const which = (k: string) => (k in l ? k : `${k} (from the device)`);
          issues.push({
            path: `rules.limits.${b in l ? b : a}`,
            message: `${which(b)} ${merged[b]} must be above ${which(a)} ${merged[a]}`,
          });
        }
      }
    }
    return issues;
  }

  private write(
    device: string,
    signal: string,
    rules: RuleSet,
    origin: 'config' | 'ui',
    configRules: string | null,
    by: string,
    now: number,
    before: RuleRow | undefined,
  ): void {
    const text = stable(rules);
    this.db
      .prepare(
        `INSERT INTO detection_rules (device, signal, rules, origin, config_rules, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(device, signal) DO UPDATE SET rules = excluded.rules, origin = excluded.origin,
           config_rules = excluded.config_rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(device, signal, text, origin, configRules, now, by);
    if (before?.rules === text) return; // the file restated what was stored: nothing changed
    this.db
      .prepare('INSERT INTO rule_audit (at, by, action, device, signal, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(now, by, before ? 'update' : 'create', device, signal, before?.rules ?? null, text);
  }

  private remove(row: RuleRow, by: string, now: number): void {
    this.db.prepare('DELETE FROM detection_rules WHERE device = ? AND signal = ?').run(row.device, row.signal);
    this.db
      .prepare('INSERT INTO rule_audit (at, by, action, device, signal, before, after) VALUES (?, ?, ?, ?, ?, ?, NULL)')
      .run(now, by, 'delete', row.device, row.signal, row.rules);
  }

  private rows(): RuleRow[] {
    // Least specific first, so a listing reads from defaults down to single series.
    return this.db
      .prepare(
        `SELECT * FROM detection_rules
         ORDER BY (device <> '*') + (signal <> '*') * 2, device, signal`,
      )
      .all() as RuleRow[];
  }

  private row(device: string, signal: string): RuleRow | undefined {
    return this.db.prepare('SELECT * FROM detection_rules WHERE device = ? AND signal = ?').get(device, signal) as
      RuleRow | undefined;
  }

  private refresh(): void {
    this.book.replace(this.list());
    for (const l of this.listeners) l();
  }
}
