// The control room's files over the wire: compressed the way the browser asked (brotli, else
// gzip, else as they are), always decodable to the very file that was built, cached for good
// only when the name carries the build's hash — and with the security policy on every answer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, serveStatic } from './static-files';

const SCRIPT = `export const tiles = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `device-${i}`))};\n`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('serving the built renderer', () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'watchfloor-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const script = join(dir, 'assets', 'index-Ab3_x-9Z.js');
    writeFileSync(script, SCRIPT);
    writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
    writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
    // A build without compressed copies of a file still serves it, as it is.
    writeFileSync(join(dir, 'assets', 'WallView-Qw12Er34.css'), '.wall{display:grid}');
    server = createServer((req, res) => {
      void serveStatic(dir, req, res).then((served) => {
        if (!served) res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, acceptEncoding?: string, method = 'GET') =>
    new Promise<Answer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, and the file to others', async () => {
    const br = await get('/assets/index-Ab3_x-9Z.js', 'gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 3);

    const gz = await get('/assets/index-Ab3_x-9Z.js', 'gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-Ab3_x-9Z.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);

    for (const answer of [br, gz, plain]) {
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(answer.headers.vary).toBe('accept-encoding');
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('honours a coding the browser refuses (q=0)', async () => {
    const answer = await get('/assets/index-Ab3_x-9Z.js', 'br;q=0, gzip;q=0.8');
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(acceptedEncodings('br;q=0, gzip;q=0.8, identity')).toEqual(new Set(['gzip', 'identity']));
  });

  it('serves a file the build left uncompressed as it is, even to a browser that takes brotli', async () => {
    const answer = await get('/assets/WallView-Qw12Er34.css', 'br, gzip');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe('.wall{display:grid}');
  });

  it('caches content-hashed build output for a year, and revalidates the page and its icon', async () => {
    expect((await get('/assets/index-Ab3_x-9Z.js', 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/assets/WallView-Qw12Er34.css')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/')).headers['cache-control']).toBe('no-cache');
    expect((await get('/alarms')).headers['cache-control']).toBe('no-cache');
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD with the headers of the compressed file and no body', async () => {
    const answer = await get('/assets/index-Ab3_x-9Z.js', 'br', 'HEAD');
    expect(answer.headers['content-encoding']).toBe('br');
    expect(Number(answer.headers['content-length'])).toBe(brotliCompressSync(SCRIPT).length);
    expect(answer.body.length).toBe(0);
  });
});
