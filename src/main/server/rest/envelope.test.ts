import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../shared/errors';
import { sendData, sendError } from './envelope';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('REST envelope', () => {
  it('sends data with a content-length in bytes, also for text beyond ASCII and for large bodies', async () => {
    const data = { unit: '°C', name: 'Kühlwasser µ-Pumpe ✓', values: Array.from({ length: 50_000 }, (_, i) => i / 3) };
    const url = await serve((_req, res) => sendData(res, data, { points: 50_000 }));
    const res = await fetch(url);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ success: true, data, meta: { points: 50_000 } });
  });

  it('sends an error envelope with the status of its code', async () => {
    const url = await serve((_req, res) =>
      sendError(res, new EngineError('NOT_FOUND', 'no device “Pumpe 3”'), () => {}),
    );
    const res = await fetch(url);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'no device “Pumpe 3”' } });
  });
});
