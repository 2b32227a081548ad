// REST refusals are in the audit trail like the contract's: a viewer signed in over /api/session
// who sends an acknowledgement is refused by the router (before any contract call) and recorded
// as refused, with the alarm from the path; her sign-in is recorded as well.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';

describe('the audit trail over REST', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serveInProcess(join(dir.path, 'data'), { simulator: { enabled: false } });
    await running.engine.access.createUser({
      name: 'vera',
      displayName: null,
      role: 'viewer',
      areas: null,
      password: 'a long enough password',
    });
  });
  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('records a viewer’s refused acknowledgement, and her sign-in', async () => {
    const signIn = await fetch(`${running.server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'vera', password: 'a long enough password' }),
    });
    expect(signIn.status).toBe(200);
    const { data } = (await signIn.json()) as { data: { token: string } };

    const ack = await fetch(`${running.server.url}/api/alerts/7/acknowledge`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${data.token}` },
      body: JSON.stringify({ comment: 'x' }),
    });
    expect(ack.status).toBe(403);

    const [refused, login] = running.engine.services.auditLog.list({ limit: 10 }).items;
    expect(refused).toMatchObject({
      actor: 'vera',
      role: 'viewer',
      action: 'alarms.acknowledge',
      target: '7',
      outcome: 'refused',
      details: { error: { code: 'FORBIDDEN' } },
    });
    expect(login).toMatchObject({ actor: 'vera', role: 'viewer', action: 'auth.login', outcome: 'ok' });
    expect(JSON.stringify(login)).not.toContain(data.token);
  });
});
