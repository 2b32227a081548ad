// Watchfloor's own /metrics on a real `serve` with users, scraped by Debian's `prometheus`: a
// scraper's API token (scope `metrics`) reads it and nothing else; no credential is 401, a token
// without the scope 403; the text passes `promtool check metrics`; Prometheus scrapes it on
// loopback and its HTTP API answers what a user would check — readings stored, growing as readings
// arrive, and the open alarms the engine holds, by priority.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import type { ParamsIn, RequestName, ResultOf } from '../../src/shared/contract';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import {
  prometheusMissing,
  PROMTOOL_BINARY,
  startPrometheus,
  type RunningPrometheus,
} from '../support/prometheus-scraper';
import { rawRequest } from '../support/raw-http';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const PASSWORD = 'correct horse battery';

function admin<K extends RequestName>(running: RunningServe, method: K, params: ParamsIn<K>): Promise<ResultOf<K>> {
  return invokeRequest(running.engine.handlers(), method, params, IN_PROCESS) as Promise<ResultOf<K>>;
}

describe('GET /metrics', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let url: string;
  let scraperToken: string;

  const post = async (value: number, deviceId = 'oven-1') => {
    const res = await rawRequest(`${url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId, sensorType: 'temperature', value, timestamp: Date.now() }),
    });
    expect(res.status).toBe(202);
  };
  const scrape = (headers: Record<string, string> = {}) => rawRequest(`${url}/metrics`, { headers });

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serve({
      config: parseConfig(
        mergeConfig(
          {
            dataDir: join(dir.path, 'data'),
            server: { port: 0 },
            broker: { port: 0 },
            simulator: { enabled: false },
            detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
          },
          {
            devices: [
              { id: 'oven-1', name: 'Oven', kind: 'oven', signals: [{ key: 'temperature', limits: { hi: 100 } }] },
              { id: 'oven-2', name: 'Oven 2', kind: 'oven', signals: [{ key: 'temperature', limits: { hi: 100 } }] },
            ],
          },
        ),
      ),
      rendererDir: join(dir.path, 'no-renderer'),
      version: 'metrics-test',
      log: () => {},
    });
    url = running.server.url;
    await admin(running, 'users.create', { name: 'root', role: 'admin', areas: null, password: PASSWORD });
    await admin(running, 'users.create', { name: 'vic', role: 'viewer', areas: null, password: PASSWORD });
    scraperToken = (await admin(running, 'tokens.create', { name: 'prometheus', user: 'vic', scopes: ['metrics'] }))
      .token;
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('needs a credential: none is 401, a token without the metrics or api scope 403', async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const ingestOnly = await admin(running, 'tokens.create', { name: 'gateway', user: 'root', scopes: ['ingest'] });
    const refused = await scrape({ authorization: `Bearer ${ingestOnly.token}` });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.message).toContain('metrics scope');
    expect((await scrape({ authorization: 'Bearer wf_not-a-token' })).status).toBe(401);
    // the scraper's token opens /metrics and nothing else
    expect(
      (await rawRequest(`${url}/api/status`, { headers: { authorization: `Bearer ${scraperToken}` } })).status,
    ).toBe(401);
    // a signed-in user (here a viewer's session) reads it too
    const session = await rawRequest(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'vic', password: PASSWORD }),
    });
    const sessionToken = JSON.parse(session.body).data.token as string;
    expect((await scrape({ authorization: `Bearer ${sessionToken}` })).status).toBe(200);
  });

  it('answers the text format 0.0.4 with the figures the engine holds', async () => {
    await post(20);
    await post(150); // over hi 100: an alarm
    await waitFor(() => running.engine.services.alarms.activeCount > 0, { what: 'the alarm' });
    const bad = await rawRequest(`${url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'oven-1', sensorType: 'temperature', value: 'hot', timestamp: Date.now() }),
    });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    await waitFor(() => running.engine.services.deadLetters.count > 0, { what: 'the dead letter' });
    const res = await scrape({ authorization: `Bearer ${scraperToken}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toContain('# TYPE watchfloor_history_write_seconds histogram');
    expect(res.body).toMatch(/^watchfloor_readings_stored_total [1-9]\d*$/m);
    expect(res.body).toContain('watchfloor_source_readings_received_total{source="http",kind="http"} 2');
    expect(res.body).toContain('watchfloor_source_readings_rejected_total{source="http",kind="http"} 1');
    expect(res.body).toContain('watchfloor_dead_letters{source="http"} 1');
    expect(res.body).toContain('watchfloor_build_info{version="metrics-test"');
    const open = [...running.engine.services.alarms.openAlarms()][0]!;
    expect(res.body).toContain(`watchfloor_alarms_active{priority="${open.priority}",state="${open.state}"} 1`);
  });

  it('is a 404 saying so, never the app’s page, when server.metrics.enabled is false', async () => {
    const off = makeTempDir();
    const page = join(off.path, 'renderer');
    mkdirSync(page);
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    const other = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: join(off.path, 'data'), server: { port: 0 }, broker: { port: 0 } },
          { simulator: { enabled: false }, server: { metrics: { enabled: false } } },
        ),
      ),
      rendererDir: page,
      version: 'metrics-off',
      log: () => {},
    });
    try {
      // the app's page is served for other unknown paths (the control room's routes)
      expect((await rawRequest(`${other.server.url}/some-view`)).body).toContain('<title>Watchfloor');
      const res = await rawRequest(`${other.server.url}/metrics`);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body).error.message).toContain('server.metrics.enabled');
    } finally {
      await other.stop();
      off.remove();
    }
  });

  const missing = prometheusMissing();
  describe.skipIf(missing)(`scraped by Prometheus${missing ? ` (skipped: ${missing})` : ''}`, () => {
    let prom: RunningPrometheus;
    const promDir = makeTempDir('watchfloor-prom-');

    beforeAll(async () => {
      prom = await startPrometheus(promDir.path, {
        target: new URL(url).host,
        path: '/metrics',
        bearer: scraperToken,
        job: 'watchfloor',
        intervalSeconds: 1,
      });
    }, 30_000);

    afterAll(async () => {
      await prom?.stop();
      promDir.remove();
    });

    it('answers text that promtool accepts', async () => {
      const res = await scrape({ authorization: `Bearer ${scraperToken}` });
      const check = execFileSync(PROMTOOL_BINARY, ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
      expect(check).toBe('');
    });

    it('reads readings stored back through the query API, growing as readings arrive', async () => {
      const first = await waitFor(
        async () => (await prom.query('watchfloor_readings_stored_total{job="watchfloor"}'))[0]?.value,
        { timeoutMs: 20_000, intervalMs: 250, what: 'a first sample in Prometheus' },
      );
      expect(first).toBeGreaterThan(0);
      expect((await prom.query('up{job="watchfloor"}'))[0]?.value).toBe(1);
      for (let i = 0; i < 5; i++) await post(30 + i, 'oven-2');
      const grown = await waitFor(
        async () => {
          const v = (await prom.query('watchfloor_readings_stored_total{job="watchfloor"}'))[0]?.value ?? 0;
          return v >= first + 5 ? v : 0;
        },
        { timeoutMs: 20_000, intervalMs: 250, what: 'the stored count to grow in Prometheus' },
      );
      expect(grown).toBe(running.engine.services.history.stored);
    }, 45_000);

    it('counts the open alarms the engine holds, by priority', async () => {
      const engineCount = running.engine.services.alarms.activeCount;
      expect(engineCount).toBeGreaterThan(0);
      const total = await prom.query('sum(watchfloor_alarms_active{job="watchfloor"})');
      expect(total[0]?.value).toBe(engineCount);
      const open = [...running.engine.services.alarms.openAlarms()][0]!;
      const byPriority = await prom.query(`sum by (priority) (watchfloor_alarms_active{priority="${open.priority}"})`);
      expect(byPriority[0]?.value).toBeGreaterThanOrEqual(1);
      const targets = await prom.targets();
      expect(targets[0]).toMatchObject({ health: 'up', lastError: '' });
    });
  });
});
