// `watchfloor audit verify | export`: the audit trail from the command line. With an engine
// running for the data directory the command asks it (as its own user, through the local key),
// so an export is recorded like any other; with none, it opens state.db read-only — a check
// must work on a stopped engine, or one that will not start — and records an export it makes
// itself with one append of its own.
// verify exits 0 with "N entries, chain intact", or 1 naming the first entry that does not hold.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditVerdict } from '../../../shared/contract/users';
import { EngineError } from '../../../shared/errors';
import { AuditLog, exportAudit, verifyAudit } from '../../engine/access/audit-log';
import type { AuditFilters } from '../../engine/access/audit-csv';
import type { Config } from '../../engine/config/config-schema';
import { openStateDb, type StateDb } from '../../engine/state/state-db';
import {
  givenLocation,
  LOCATION_OPTIONS,
  resolveConfig,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
  type ParsedCommandLine,
} from './command-line';
import { findRunningEngine, withEngine } from './engine-access';
import { parseTimeOption } from './time-argument';

const ACTIONS = ['verify', 'export'] as const;

/** state.db opened read-only, or undefined when this data directory has no trail to read. */
function openReadOnly(dataDir: string): StateDb | undefined {
  const file = join(dataDir, 'state.db');
  if (!existsSync(file)) throw new EngineError('NOT_FOUND', `${dataDir} has no state.db`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
  if (!table) {
    db.close();
    return undefined;
  }
  return db;
}

function filtersOf(line: ParsedCommandLine): AuditFilters {
  const v = line.values;
  const from = stringOption(v, 'from');
  const to = stringOption(v, 'to');
  const filters: AuditFilters = {
    from: from === undefined ? undefined : parseTimeOption('--from', from),
    to: to === undefined ? undefined : parseTimeOption('--to', to),
    actor: stringOption(v, 'actor'),
    action: stringOption(v, 'action'),
  };
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to) {
    throw new UsageError('--from is after --to');
  }
  return Object.fromEntries(Object.entries(filters).filter(([, x]) => x !== undefined)) as AuditFilters;
}

async function verify(config: Config, ctx: CommandContext): Promise<number> {
  let verdict: AuditVerdict;
  if ((givenLocation(config).port && config.server.port !== 0) || (await findRunningEngine(config, ctx.env))) {
    verdict = await withEngine(config, ctx, (engine) => engine.request('audit.verify', {}));
  } else {
    const db = openReadOnly(config.dataDir);
    if (!db) {
      ctx.out(`${config.dataDir} has no audit trail yet (0 entries)`);
      return 0;
    }
    try {
      verdict = verifyAudit(db, config.dataDir);
    } finally {
      db.close();
    }
  }
  if (verdict.ok) {
    ctx.out(`${verdict.entries} entries, chain intact`);
    return 0;
  }
  const broken = verdict.broken!;
  ctx.out(`audit chain broken at seq ${broken.seq}: ${broken.reason} (${verdict.entries} entries read)`);
  return 1;
}

async function exportTo(out: string, filters: AuditFilters, config: Config, ctx: CommandContext): Promise<number> {
  let result: { content: string; count: number; truncated: boolean };
  if ((givenLocation(config).port && config.server.port !== 0) || (await findRunningEngine(config, ctx.env))) {
    result = await withEngine(config, ctx, (engine) => engine.request('audit.export', filters));
  } else {
    const db = openReadOnly(config.dataDir);
    result = db ? exportAudit(db, filters, Date.now()) : { content: '', count: 0, truncated: false };
    db?.close();
    if (db) recordOwnExport(config.dataDir, out, filters, result.count, ctx);
  }
  writeFileSync(out, result.content);
  ctx.out(
    `wrote ${result.count} audit entries to ${out}` +
      (result.truncated ? ' (truncated at 100,000: narrow --from/--to for the rest)' : ''),
  );
  return 0;
}

/** The export made without an engine is recorded too, by the command's own append. */
function recordOwnExport(
  dataDir: string,
  out: string,
  filters: AuditFilters,
  count: number,
  ctx: CommandContext,
): void {
  let db: StateDb | undefined;
  try {
    db = openStateDb(dataDir);
    new AuditLog(db, dataDir).append({
      actor: 'local',
      role: 'admin',
      client: 'command line',
      action: 'audit.export',
      target: out,
      outcome: 'ok',
      details: { params: filters, count },
    });
  } catch (err) {
    ctx.status.log(`could not record this export in the audit trail: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

export const auditCommand: Command = {
  options: {
    ...LOCATION_OPTIONS,
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    actor: { type: 'string' },
    action: { type: 'string' },
  },
  async run(line, ctx) {
    const [action, ...rest] = line.args;
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(`audit ${action ?? ''}: use one of ${ACTIONS.join(', ')}`.replace('audit : ', 'audit: '));
    }
    if (rest.length > 0) throw new UsageError(`audit ${action}: unexpected argument "${rest[0]}"`);
    const config = resolveConfig(line.values, ctx);
    if (action === 'verify') return verify(config, ctx);
    const out = stringOption(line.values, 'out');
    if (!out) throw new UsageError('audit export needs --out FILE');
    return exportTo(resolve(out), filtersOf(line), config, ctx);
  },
};
