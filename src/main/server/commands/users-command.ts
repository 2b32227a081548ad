// `watchfloor users add | list | passwd | unlock | remove`: the engine's users from a shell on
// its machine — how a headless `serve` gets its first administrator without a browser, and how
// an administrator who locked themselves out gets back in. Like the other data commands it asks
// the running engine (as its own user, with the data directory's local key) or opens the data
// in this process; either way the calls are the contract's users.* calls, with their rules
// (the last administrator stays, a new password ends the user's sessions). Passwords are read
// without echo, or from the first line of stdin (read-secret.ts), never from a flag.
import { Role, ROLES, UserName } from '../../../shared/contract/auth';
import type { UserView } from '../../../shared/contract/users';
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
import { readSecret } from './read-secret';

const ACTIONS = ['add', 'list', 'passwd', 'unlock', 'remove'] as const;

function nameArg(value: string | undefined): string {
  const parsed = UserName.safeParse(value);
  if (!parsed.success) throw new UsageError(`user name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** One line per user: name, role, areas, state, last sign-in. */
export function userLines(users: readonly UserView[], now: number): string[] {
  const rows = users.map((u) => [
    u.name,
    u.role,
    u.areas === null ? 'all areas' : u.areas.join(',') || 'no area',
    u.disabled
      ? 'disabled'
      : u.lockedUntil !== null && u.lockedUntil > now
        ? `locked until ${isoTime(u.lockedUntil)}`
        : 'active',
    `last sign-in ${isoTime(u.lastLoginAt)}`,
    u.displayName ?? '',
  ]);
  return alignedLines(rows);
}

export const usersCommand: Command = {
  options: {
    ...LOCATION_OPTIONS,
    role: { type: 'string' },
    areas: { type: 'string', multiple: true },
    'display-name': { type: 'string' },
  },
  async run(line, ctx) {
    const action = line.args[0];
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(`users ${action ?? ''}: use one of ${ACTIONS.join(', ')}`.replace('users :', 'users:'));
    }
    const [, target] = expectArgs(line, 'users', action === 'list' ? ['list'] : [action!, 'NAME']);
    const config = resolveConfig(line.values, ctx);

    if (action === 'list') {
      const users = await withEngine(config, ctx, (engine) => engine.request('users.list', {}));
      if (users.length === 0)
        ctx.status.log(
          'no users: the engine is open to this machine (add one with `watchfloor users add NAME --role admin`)',
        );
      for (const l of userLines(users, Date.now())) ctx.out(l);
      return 0;
    }
    const name = nameArg(target);

    if (action === 'add') {
      const role = Role.safeParse(stringOption(line.values, 'role'));
      if (!role.success) throw new UsageError(`users add needs --role ${ROLES.join('|')}`);
      const areas = line.values.areas === undefined ? null : listOption(line.values, 'areas');
      const password = await readSecret(`password for ${name}: `, true);
      const user = await withEngine(config, ctx, (engine) =>
        engine.request('users.create', {
          name,
          role: role.data,
          areas,
          password,
          displayName: stringOption(line.values, 'display-name'),
        }),
      );
      ctx.out(`added ${user.name} (${user.role}, ${user.areas === null ? 'all areas' : user.areas.join(', ')})`);
      return 0;
    }
    if (action === 'passwd') {
      const password = await readSecret(`new password for ${name}: `, true);
      const user = await withEngine(config, ctx, (engine) => engine.request('users.setPassword', { name, password }));
      ctx.out(`set a new password for ${user.name}; their sessions have ended`);
      return 0;
    }
    if (action === 'unlock') {
      const user = await withEngine(config, ctx, (engine) => engine.request('users.unlock', { name }));
      ctx.out(`${user.name} may sign in again`);
      return 0;
    }
    await withEngine(config, ctx, (engine) => engine.request('users.delete', { name }));
    ctx.out(`removed ${name}, their sessions and API tokens (what they did stays in the journals)`);
    return 0;
  },
};
