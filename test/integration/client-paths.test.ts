// Paths a browser or remote client names are confined, against a real `serve` over its
// WebSocket: file import reads only the upload folder (and files.importDirs), backups and lake
// exports write only under <data>/exports (and files.exportDirs); symlinks are resolved before
// the check, also of the nearest existing parent of a folder still to be made, and ".." is
// refused. The refusal names the allowed folders. The in-process desktop/CLI caller is not
// confined (the other file-import and backup tests run as that caller).
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import { openWebSocket, rawRequest, wsRequest } from '../support/raw-http';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

type Answer = {
  ok: boolean;
  data?: { id?: string; state?: string; path?: string };
  error?: { code: string; message: string; details?: { allowedRoots?: string[] } };
};

describe('paths named by clients', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let outside: string;
  let allowedIn: string;
  let allowedOut: string;
  let running: RunningServe;
  let ws: WebSocket;
  let nextId = 1;
  const call = async (method: string, params: unknown) => (await wsRequest(ws, nextId++, method, params)) as Answer;
  const jobDone = (id: string) =>
    waitFor(
      async () => {
        const j = await call('jobs.get', { id });
        return j.data?.state !== 'running' ? j.data : undefined;
      },
      { what: 'the job to end' },
    );

  beforeAll(async () => {
    dir = makeTempDir();
    dataDir = join(dir.path, 'data');
    outside = join(dir.path, 'outside');
    allowedIn = join(dir.path, 'plant-exports');
    allowedOut = join(dir.path, 'backups');
    mkdirSync(outside, { recursive: true });
    mkdirSync(allowedIn, { recursive: true });
    mkdirSync(allowedOut, { recursive: true });
    writeFileSync(join(outside, 'secret.csv'), 'deviceId,sensorType,value,timestamp\nx,y,1,2026-01-01T00:00:00Z\n');
    writeFileSync(
      join(allowedIn, 'line-3.csv'),
      'deviceId,sensorType,value,timestamp\npress-3,load,42,2026-01-01T00:00:00Z\n',
    );
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir },
          {
            server: { port: 0 },
            broker: { port: 0 },
            simulator: { enabled: false },
            files: { importDirs: [allowedIn], exportDirs: [allowedOut] },
          },
        ),
      ),
      rendererDir: join(dir.path, 'none'),
      version: 'test',
      log: () => {},
    });
    const opened = await openWebSocket(`${running.server.url.replace('http', 'ws')}/ws`);
    if (!('ws' in opened)) throw new Error('WebSocket refused');
    ws = opened.ws;
    // Traps a hostile client could plant or find: links inside the allowed folders that lead out.
    const imports = join(dataDir, 'imports');
    mkdirSync(imports, { recursive: true });
    symlinkSync('/etc/passwd', join(imports, 'passwd.csv'));
    symlinkSync(outside, join(imports, 'elsewhere'));
    mkdirSync(join(dataDir, 'exports'), { recursive: true });
    symlinkSync(outside, join(dataDir, 'exports', 'escape'));
  });

  afterAll(async () => {
    ws?.close();
    await running?.stop();
    dir?.remove();
  });

  function expectForbidden(answer: Answer, what: string) {
    expect(answer.ok, what).toBe(false);
    expect(answer.error?.code, what).toBe('FORBIDDEN');
  }

  it('refuses to read system files, or anything outside the upload folder and files.importDirs', async () => {
    for (const path of ['/etc/shadow', '/etc/passwd', join(outside, 'secret.csv'), join(dataDir, 'state.db')]) {
      const preview = await call('import.preview', { path });
      expectForbidden(preview, path);
      expect(JSON.stringify(preview)).not.toContain('root:');
      const mapping = { deviceColumn: 'deviceId', signalColumn: 'sensorType', value: 'value', timestamp: 'timestamp' };
      expectForbidden(await call('import.start', { path, mapping }), path);
    }
    const refusal = await call('import.preview', { path: '/etc/shadow' });
    expect(refusal.error!.message).toContain(join(dataDir, 'imports'));
    expect(refusal.error!.message).toContain(allowedIn);
    expect(refusal.error!.details?.allowedRoots).toEqual([join(dataDir, 'imports'), allowedIn]);
    expectForbidden(await call('history.importLake', { dir: outside }), 'importLake');
  });

  it('resolves symlinks and refuses ".." before judging a path', async () => {
    const imports = join(dataDir, 'imports');
    expectForbidden(await call('import.preview', { path: join(imports, 'passwd.csv') }), 'link to /etc/passwd');
    expectForbidden(await call('import.preview', { path: join(imports, 'elsewhere', 'secret.csv') }), 'linked folder');
    const dots = await call('import.preview', { path: `${imports}/../../outside/secret.csv` });
    expectForbidden(dots, '..');
    expect(dots.error!.message).toContain('".."');
  });

  it('reads what was uploaded, and what is in a folder the administrator allowed', async () => {
    const upload = await rawRequest(`${running.server.url}/api/import/upload?name=line-1.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'deviceId,sensorType,value,timestamp\npress-1,load,7,2026-01-01T00:00:00Z\n',
    });
    const { path } = JSON.parse(upload.body).data as { path: string };
    expect(await call('import.preview', { path })).toMatchObject({ ok: true });
    expect(await call('import.preview', { path: join(allowedIn, 'line-3.csv') })).toMatchObject({ ok: true });
  });

  it('writes backups and lakes only under <data>/exports and files.exportDirs', async () => {
    for (const dir of [
      '/tmp',
      join(outside, 'backup-1'),
      join(dataDir, 'exports', 'escape', 'b'),
      join(dataDir, 'exports', 'escape', 'new', 'deeper'),
      join(dataDir, 'imports', 'b'),
    ]) {
      expectForbidden(await call('admin.backup', { dir }), dir);
      expectForbidden(await call('history.exportLake', { dir }), dir);
    }
    const refusal = await call('admin.backup', { dir: '/var/backups/x' });
    expect(refusal.error!.message).toContain(join(dataDir, 'exports'));
    expect(refusal.error!.message).toContain(allowedOut);
    // Nothing was written through the link.
    expect(readdirSync(outside).sort()).toEqual(['secret.csv']);

    const inExports = await call('admin.backup', { dir: join(dataDir, 'exports', 'nightly') });
    expect(inExports.ok).toBe(true);
    expect((await jobDone(inExports.data!.id!))?.state).toBe('done');
    expect(existsSync(join(dataDir, 'exports', 'nightly', 'state.db'))).toBe(true);
    const configured = await call('admin.backup', { dir: join(allowedOut, 'weekly') });
    expect((await jobDone(configured.data!.id!))?.state).toBe('done');
    expect(existsSync(join(allowedOut, 'weekly', 'history.duckdb'))).toBe(true);
  });

  it('lets the engine’s own callers (desktop, in-process CLI) name any path', async () => {
    const handlers = running.engine.handlers();
    const preview = (await invokeRequest(
      handlers,
      'import.preview',
      { path: join(outside, 'secret.csv') },
      IN_PROCESS,
    )) as {
      rows: unknown[];
    };
    expect(preview.rows.length).toBe(1);
  });
});
