// GET /metrics for the desktop app's engine (server.metrics.desktop): the engine host's engine —
// a real Engine in plain Node, as the utility process runs it, through hostedEngine() — listens
// on the configured loopback port for /metrics only, with the same checks as `serve`: once the
// engine has users, no credential is 401, a token without the metrics scope 403, a scraper's token
// reads the figures; other paths are 404; without the setting, nothing listens.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import { hostedEngine } from '../../src/main/shell/hosted-engine';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import { freePort } from '../support/prometheus-scraper';
import { rawRequest } from '../support/raw-http';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs();
let stop: (() => Promise<void>) | undefined;

afterEach(async () => {
  await stop?.();
  stop = undefined;
  dirs.removeAll();
});

async function startDesktopEngine(desktop: { host: string; port: number } | undefined) {
  const config = parseConfig(
    mergeConfig(
      { dataDir: join(dirs.make(), 'data') },
      { broker: { embedded: false }, simulator: { enabled: false }, server: { port: 0, metrics: { desktop } } },
    ),
  );
  const engine = new Engine(config, { version: 'desktop-test', log: () => {} });
  const logged: string[] = [];
  const hosted = hostedEngine(engine, (m) => logged.push(m));
  await hosted.start();
  stop = () => hosted.stop();
  return { engine, logged };
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

describe('the desktop engine’s /metrics listener', () => {
  it('serves /metrics on its port with the same credentials as serve', async () => {
    const port = await freePort();
    const { engine, logged } = await startDesktopEngine({ host: '127.0.0.1', port });
    expect(logged).toContain(`metrics for Prometheus on http://127.0.0.1:${port}/metrics`);
    const admin = (method: 'users.create' | 'tokens.create', params: object) =>
      invokeRequest(engine.handlers(), method, params, IN_PROCESS) as Promise<{ token: string }>;
    await admin('users.create', { name: 'root', role: 'admin', areas: null, password: 'correct horse battery' });
    const scraper = await admin('tokens.create', { name: 'prometheus', user: 'root', scopes: ['metrics'] });
    const gateway = await admin('tokens.create', { name: 'gateway', user: 'root', scopes: ['ingest'] });
    const url = `http://127.0.0.1:${port}`;

    expect((await rawRequest(`${url}/metrics`)).status).toBe(401);
    expect((await rawRequest(`${url}/metrics`, { headers: { authorization: `Bearer ${gateway.token}` } })).status).toBe(
      403,
    );
    const ok = await rawRequest(`${url}/metrics`, { headers: { authorization: `Bearer ${scraper.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toContain('version=0.0.4');
    expect(ok.body).toContain('watchfloor_build_info{version="desktop-test"');
    const other = await rawRequest(`${url}/api/status`, { headers: { authorization: `Bearer ${scraper.token}` } });
    expect(other.status).toBe(404);
    await stop!();
    stop = undefined;
    expect(await portIsFree(port)).toBe(true);
  });

  it('listens nowhere unless server.metrics.desktop is set', async () => {
    const { logged } = await startDesktopEngine(undefined);
    expect(logged.filter((m) => m.includes('metrics'))).toEqual([]);
  });

  it('refuses an address other machines can reach while the engine has no users, and the engine runs on', async () => {
    const port = await freePort();
    const { engine, logged } = await startDesktopEngine({ host: '0.0.0.0', port });
    expect(logged.join('\n')).toContain('needs users first');
    expect(engine.health().status).toBe('ok');
    expect(await portIsFree(port)).toBe(true);
  });
});
