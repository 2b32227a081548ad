// The headless transport: health over REST, the contract over WebSocket, the renderer with
// its security headers — against a real engine and a real HTTP server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import type { EngineError } from '../../src/shared/errors';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

describe('watchfloor serve', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    running = await serve({
      config: parseConfig(
        mergeConfig({ dataDir: join(dir.path, 'data') }, { server: { port: 0 }, broker: { port: 0 } }),
      ),
      rendererDir,
      version: 'test',
      log: () => {},
    });
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('reports health: engine status, broker, readings received and stored, dead letters, uptime', async () => {
    await waitFor(() => running.engine.services.history.stored > 0, { what: 'first stored reading' });
    const res = await fetch(`${running.server.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      broker: { embedded: true },
      sources: expect.arrayContaining([
        expect.objectContaining({ kind: 'mqtt', connected: true }),
        expect.objectContaining({ kind: 'http' }),
      ]),
      deadLetters: 0,
    });
    const readings = body.readings as { received: number; stored: number };
    expect(readings.stored).toBeGreaterThan(0);
    expect(readings.received).toBeGreaterThanOrEqual(readings.stored);
    expect(body.uptimeMs as number).toBeGreaterThan(0);
  });

  it('serves the renderer with a strict content security policy, and the app for client-side routes', async () => {
    const index = await fetch(`${running.server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await fetch(`${running.server.url}/alarms`)).text()).toContain('<title>Watchfloor</title>');
    expect((await fetch(`${running.server.url}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${running.server.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${running.server.url}/..%2f..%2fetc/passwd`)).status).toBe(404);
    expect((await fetch(`${running.server.url}/api/nope`)).status).toBe(404);
  });

  it('speaks the contract over WebSocket, with validation errors carried as codes', async () => {
    const channel = createWebSocketChannel(running.server.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    const client = createClient(channel);
    try {
      const devices = await client.request('devices.list', {});
      expect(devices.map((d) => d.id)).toEqual(['device-001', 'device-002', 'device-003', 'device-004', 'device-005']);
      const live: string[] = [];
      client.subscribe('live.readings', { devices: ['device-003'] }, (e) =>
        live.push(...e.readings.map((r) => r.deviceId)),
      );
      await waitFor(() => live.length >= 2, { what: 'two live updates', timeoutMs: 5000 });
      expect(new Set(live)).toEqual(new Set(['device-003']));
      const err = await client
        .request('history.query', { series: ['device-001/temperature'], from: 10, to: 1 })
        .catch((e: unknown) => e);
      expect((err as EngineError).code).toBe('BAD_REQUEST');
      expect((err as EngineError).message).toContain('"from" must not be after "to"');
    } finally {
      client.close();
    }
  });
});
