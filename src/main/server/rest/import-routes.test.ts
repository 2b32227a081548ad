// Uploads land whole in the imports folder under a safe name, or not at all: a body over the
// limit is refused with 413 (declared or not) and leaves no partial file behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import { importRoutes, uploadName } from './import-routes';
import { createRouter } from './router';

describe('POST /api/import/upload', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-upload-'));
    const route = createRouter(
      importRoutes({ importsDir: () => join(dir, 'imports'), log: () => {}, clock: Date.now, maxBytes: 64 }),
      () => {},
    );
    server = createServer((req, res) => void route(req, res, IN_PROCESS));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/import/upload`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: RequestInit['body'], name = 'plant.csv', headers: Record<string, string> = {}) =>
    fetch(`${url}?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it('stores the body under a unique, safe name and answers with its path', async () => {
    const res = await post('time,value\n1,2\n', '../../etc/Line 2 (Ölpumpe).csv');
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { path: string; name: string; sizeBytes: number } };
    expect(data.name).toBe('Line_2_lpumpe_.csv');
    expect(data.path.startsWith(join(dir, 'imports'))).toBe(true);
    expect(readFileSync(data.path, 'utf8')).toBe('time,value\n1,2\n');
  });

  it('refuses a body over the limit, declared or streamed, and keeps no part of it', async () => {
    const declared = await post('x'.repeat(65));
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('0123456789'));
        c.close();
      },
    });
    const streamed = await post(chunks as RequestInit['body']);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    expect(readdirSync(join(dir, 'imports')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('names uploads without a usable name', () => {
    expect(uploadName(null)).toBe('upload');
    expect(uploadName('...')).toBe('upload');
    expect(uploadName('C:\\exports\\press-7.csv')).toBe('press-7.csv');
  });
});
