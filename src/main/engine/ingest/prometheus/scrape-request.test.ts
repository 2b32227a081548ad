import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT, scrape } from './scrape-request';

describe('one scrape over HTTP', () => {
  let server: Server;
  let base = '';
  let seen: IncomingHttpHeaders = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = req.headers;
      if (req.url === '/gzip') {
        res.writeHead(200, {
          'Content-Type': 'application/openmetrics-text; version=1.0.0',
          'Content-Encoding': 'gzip',
        });
        res.end(gzipSync('a 1\n# EOF\n'));
      } else if (req.url === '/bad-gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all');
      } else if (req.url === '/error') {
        res.writeHead(500, 'Internal Server Error').end();
      } else if (req.url === '/slow') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('a 1\n'); // and never ends
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end('b 2\n');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('asks for OpenMetrics first and gzip, and reads a gzipped OpenMetrics answer', async () => {
    const answer = await scrape(`${base}/gzip`, { timeoutMs: 2000 });
    expect(answer).toMatchObject({ text: 'a 1\n# EOF\n', format: 'openmetrics' });
    expect(seen.accept).toBe(ACCEPT);
    expect(seen['accept-encoding']).toBe('gzip');
  });

  it('reads the text format 0.0.4 by its content type, and sends basic or bearer auth', async () => {
    const plain = await scrape(`${base}/`, {
      timeoutMs: 2000,
      auth: { type: 'basic', username: 'wf', password: 's3cret' },
    });
    expect(plain).toMatchObject({ text: 'b 2\n', format: 'prometheus' });
    expect(seen.authorization).toBe(`Basic ${Buffer.from('wf:s3cret').toString('base64')}`);
    await scrape(`${base}/`, { timeoutMs: 2000, auth: { type: 'bearer', token: 'tok' } });
    expect(seen.authorization).toBe('Bearer tok');
  });

  it('fails on a non-2xx answer, a body that does not end in time, and a broken gzip body', async () => {
    await expect(scrape(`${base}/error`, { timeoutMs: 2000 })).rejects.toThrow('HTTP 500 Internal Server Error');
    await expect(scrape(`${base}/slow`, { timeoutMs: 300 })).rejects.toThrow(/within 0.3 s \(timeout\)/);
    await expect(scrape(`${base}/bad-gzip`, { timeoutMs: 2000 })).rejects.toThrow(/bad gzip body/);
  });
});
