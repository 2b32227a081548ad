// `watchfloor token create | list | revoke`: API tokens for machine clients (docs/administration.md:
// Users and roles). A token acts for a user — with that user's role and areas or less, never
// more — for the REST API and WebSocket (scope `api`), HTTP ingest (scope `ingest`) and/or GET
// /metrics alone (scope `metrics`, a Prometheus scraper's).
// `create` prints the token once, on stdout; the engine keeps only its SHA-256. `list` shows
// tokens by prefix with their last use, and the configuration file's ingest tokens
// (sources.http.tokens, removed only there). `revoke ID` ends a token at once.
import { Role } from '../../../shared/contract/auth';
import { TokenScope, type ApiTokenView } from '../../../shared/contract/users';
import {
  alignedLines,
  expectArgs,
  isoTime,
  listOption,
  LOCATION_OPTIONS,
  resolveConfig,
  stringOption,
  UsageError,
  type Command,
} from './command-line';
import { withEngine } from './engine-access';

const ACTIONS = ['create', 'list', 'revoke'] as const;

/** One line per token: id, name, prefix, user and role, scopes, last use, state. */
export function tokenLines(tokens: readonly ApiTokenView[], now: number): string[] {
  const rows = tokens.map((t) => [
    t.id,
    t.prefix,
    t.name,
    `${t.user} (${t.role}${t.areas ? `: ${t.areas.join(',')}` : ''})`,
    t.scopes.join(','),
    `last used ${isoTime(t.lastUsedAt)}`,
    t.origin === 'config'
      ? 'configuration file'
      : t.revokedAt !== null
        ? `revoked ${isoTime(t.revokedAt)}`
        : t.expiresAt !== null && t.expiresAt <= now
          ? `expired ${isoTime(t.expiresAt)}`
          : t.expiresAt !== null
            ? `until ${isoTime(t.expiresAt)}`
            : 'active',
  ]);
  return alignedLines(rows);
}

export const tokenCommand: Command = {
  options: {
    ...LOCATION_OPTIONS,
    name: { type: 'string' },
    user: { type: 'string' },
    role: { type: 'string' },
    scope: { type: 'string', multiple: true },
    days: { type: 'string' },
  },
  async run(line, ctx) {
    const action = line.args[0];
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(`token: use one of ${ACTIONS.join(', ')}`);
    }
    const [, id] = expectArgs(line, 'token', action === 'revoke' ? ['revoke', 'ID'] : [action!]);
    const config = resolveConfig(line.values, ctx);

    if (action === 'list') {
      const tokens = await withEngine(config, ctx, (engine) => engine.request('tokens.list', {}));
      if (tokens.length === 0) ctx.status.log('no API tokens');
      for (const l of tokenLines(tokens, Date.now())) ctx.out(l);
      return 0;
    }
    if (action === 'revoke') {
      const t = await withEngine(config, ctx, (engine) => engine.request('tokens.revoke', { id: id! }));
      ctx.out(`revoked ${t.id} (${t.name}, ${t.prefix}…)`);
      return 0;
    }

    const name = stringOption(line.values, 'name');
    if (!name) throw new UsageError('token create needs --name NAME (what the token is for)');
    const user = stringOption(line.values, 'user');
    if (!user) throw new UsageError('token create needs --user NAME (the user it acts for)');
    const roleText = stringOption(line.values, 'role');
    const role = roleText === undefined ? undefined : Role.safeParse(roleText);
    if (role && !role.success) throw new UsageError(`--role: one of ${Role.options.join(', ')}`);
    const scopeList = listOption(line.values, 'scope');
    const scopes = scopeList.length === 0 ? ['api' as const] : scopeList.map((s) => TokenScope.safeParse(s));
    for (const s of scopes) {
      if (typeof s !== 'string' && !s.success) throw new UsageError(`--scope: api, ingest and/or metrics`);
    }
    const daysText = stringOption(line.values, 'days');
    const days = daysText === undefined ? undefined : Number(daysText);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
      throw new UsageError('--days: a whole number of days, 1 to 3650');
    }
    const created = await withEngine(config, ctx, (engine) =>
      engine.request('tokens.create', {
        name,
        user,
        role: role?.data,
        scopes: scopes.map((s) => (typeof s === 'string' ? s : s.data!)),
        expiresInDays: days,
      }),
    );
    const v = created.view;
    ctx.status.log(
      `created ${v.id} for ${v.user} (${v.role}, ${v.scopes.join(' + ')}${v.expiresAt ? `, until ${isoTime(v.expiresAt)}` : ''}); ` +
        'it is shown this once (only its hash is kept): store it now',
    );
    ctx.out(created.token);
    return 0;
  },
};
