// `watchfloor token create | revoke | status`: the access token that remote browsers, REST
// clients and WebSockets present (docs/administration.md: Security). `create` prints a new token once, on
// stdout, and stores only its SHA-256 in the data directory; a running engine takes it within
// a second, and every session signed in with the previous token ends. `revoke` removes it
// (an engine bound beyond loopback then refuses every client until a new one is created).
import { readAccessToken, revokeAccessToken, createAccessToken } from '../access/secret-files';
import { expectArgs, LOCATION_OPTIONS, resolveConfig, UsageError, type Command } from './command-line';

const ACTIONS = ['create', 'revoke', 'status'] as const;

export const tokenCommand: Command = {
  options: LOCATION_OPTIONS,
  async run(line, ctx) {
    const [action] = expectArgs(line, 'token', ['create|revoke|status']);
    if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
      throw new UsageError(`token ${action}: use one of ${ACTIONS.join(', ')}`);
    }
    const { dataDir } = resolveConfig(line.values, ctx);
    if (action === 'create') {
      const replaced = readAccessToken(dataDir) !== undefined;
      const token = createAccessToken(dataDir, Date.now());
      ctx.status.log(
        `${replaced ? 'replaced the access token' : 'created an access token'} for ${dataDir}; ` +
          'it is shown this once (only its hash is kept): store it now',
      );
      ctx.out(token);
      return 0;
    }
    if (action === 'revoke') {
      ctx.out(revokeAccessToken(dataDir) ? `revoked the access token of ${dataDir}` : `${dataDir} has no access token`);
      return 0;
    }
    const stored = readAccessToken(dataDir);
    ctx.out(stored ? `${dataDir} has an access token, created ${stored.createdAt}` : `${dataDir} has no access token`);
    return 0;
  },
};
