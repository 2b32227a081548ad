// The engine's users and API tokens from a shell, as an administrator of a headless `serve` meets
// them: the setup link `serve` prints while there are no users, `watchfloor users add` with the
// password piped in (it never is a flag), the list, the last-admin rule, API tokens created,
// listed by prefix and revoked — in this process, and through the running engine.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const PASSWORD = 'a long enough password';

describe('watchfloor users and watchfloor token', () => {
  const dir = makeTempDir();
  const data = join(dir.path, 'data');
  let live: ServeProcess | undefined;

  beforeAll(async () => {
    live = await startServeProcess(['--data', data, '--no-simulator']);
  });
  afterAll(async () => {
    await live?.stop();
    dir.remove();
  });

  it('serve prints a one-time setup link while the engine has no users', async () => {
    await waitFor(() => live!.output().includes('users add NAME'), { what: 'the setup link' });
    const out = live!.output();
    const link = /create the first administrator at (http:\/\/\S+\/#setup\/([A-Za-z0-9_-]{20,}))/.exec(out);
    expect(link?.[1]).toContain(live!.url);
    expect(out).toContain('watchfloor users add NAME --role admin');
    await live!.stop();
    live = undefined;
  });

  it('adds users from stdin, lists them, and keeps the last administrator', async () => {
    const added = await runCli(['users', 'add', 'ada', '--role', 'admin', '--display-name', 'Ada L', '--data', data], {
      input: `${PASSWORD}\n`,
    });
    expect(added).toMatchObject({ code: 0, stdout: 'added ada (admin, all areas)\n' });
    const short = await runCli(['users', 'add', 'bo', '--role', 'operator', '--data', data], { input: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const noRole = await runCli(['users', 'add', 'bo', '--data', data], { input: `${PASSWORD}\n` });
    expect(noRole.code).toBe(2);
    await runCli(['users', 'add', 'bo', '--role', 'operator', '--areas', 'Line 1,Line 2', '--data', data], {
      input: `${PASSWORD}\n`,
    });
    const list = await runCli(['users', 'list', '--data', data]);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ada\s+admin\s+all areas\s+active\s+last sign-in -\s+Ada L$/);
    expect(lines[1]).toMatch(/^bo\s+operator\s+Line 1,Line 2\s+active/);
    const last = await runCli(['users', 'remove', 'ada', '--data', data]);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last active administrator');
  });

  it('creates an API token shown once, lists it by prefix, and revokes it — through the running engine', async () => {
    live = await startServeProcess(['--data', data, '--no-simulator']);
    expect(live.output()).not.toContain('#setup/');
    const port = new URL(live.url).port;
    const at = ['--data', data, '--port', port];
    const over = await runCli(['token', 'create', '--name', 'line bridge', '--user', 'bo', '--role', 'admin', ...at]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('its role cannot be admin');
    const created = await runCli([
      'token',
      'create',
      '--name',
      'line bridge',
      '--user',
      'bo',
      '--scope',
      'ingest',
      '--days',
      '30',
      ...at,
    ]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`using the engine running at ${live.url}`);
    const token = created.stdout.trim();
    expect(token).toMatch(/^wf_[A-Za-z0-9_-]{43}$/);
    const list = await runCli(['token', 'list', ...at]);
    const line = list.stdout.split('\n').find((l) => l.includes('line bridge'))!;
    expect(line).toContain(token.slice(0, 9));
    expect(line).not.toContain(token);
    expect(line).toMatch(/bo \(operator: Line 1,Line 2\)\s+ingest\s+last used -\s+until /);
    const id = line.split(/\s+/)[0]!;
    expect((await runCli(['token', 'revoke', id, ...at])).stdout).toContain(`revoked ${id}`);
    expect((await runCli(['token', 'list', ...at])).stdout).toMatch(/line bridge.*revoked /);
  });

  it('creates a token for Prometheus (scope metrics) that reads GET /metrics and nothing under /api', async () => {
    const at = ['--data', data, '--port', new URL(live!.url).port];
    const wrong = await runCli(['token', 'create', '--name', 'prometheus', '--user', 'bo', '--scope', 'scrape', ...at]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--scope: api, ingest and/or metrics');
    const created = await runCli([
      'token',
      'create',
      '--name',
      'prometheus',
      '--user',
      'bo',
      '--scope',
      'metrics',
      ...at,
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const auth = { authorization: `Bearer ${token}` };
    const scraped = await fetch(`${live!.url}/metrics`, { headers: auth });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE watchfloor_readings_stored_total counter');
    expect((await fetch(`${live!.url}/api/status`, { headers: auth })).status).toBe(401);
  });
});
