import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrometheusSourceConfig } from '../../../../shared/sources/prometheus-schema';
import type { DecodeResult } from '../decode-json';
import { PrometheusSource, type ScrapePort } from './prometheus-source';

/** A pipeline whose stores take `storeMs` (a slow disk): what a scrape waits for before the next. */
function slowPipeline(storeMs: number) {
  const stored: { origin: string; readings: number }[] = [];
  const port: ScrapePort = {
    accept: (_source: string, origin: string, decoded: DecodeResult) =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          stored.push({ origin, readings: decoded.readings.length });
          resolve();
        }, storeMs),
      ),
    decodeOptions: () => ({ now: Date.now(), maxPayloadBytes: 1 << 20, maxFutureMs: 300_000, maxAgeMs: null }),
  };
  return { port, stored };
}

describe('scrape scheduling', () => {
  let server: Server;
  let base = '';
  const inFlight = new Map<string, number>();
  const most = new Map<string, number>();
  const requests = new Map<string, number>();

  beforeEach(async () => {
    inFlight.clear();
    most.clear();
    requests.clear();
    server = createServer((req, res) => {
      const path = req.url ?? '';
      requests.set(path, (requests.get(path) ?? 0) + 1);
      inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
      most.set(path, Math.max(most.get(path) ?? 0, inFlight.get(path)!));
      res.on('close', () => inFlight.set(path, inFlight.get(path)! - 1));
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end('x 1\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('never starts a scrape of a target before the last one is stored, however slow the store', async () => {
    const { port, stored } = slowPipeline(450);
    const config = PrometheusSourceConfig.parse({
      id: 'p',
      targets: [`${base}/a`, `${base}/b`],
      intervalMs: 1000,
      timeoutMs: 1000,
    });
    const source = new PrometheusSource(config, port, { log: () => {}, clock: Date.now });
    await source.start();
    await new Promise((r) => setTimeout(r, 2600));
    await source.stop();
    // Each target: a scrape at 0, 1 and 2 s — the store takes 450 ms, within the interval (a
    // loaded machine may push the third past the end).
    for (const path of ['/a', '/b']) {
      expect(requests.get(path)).toBeGreaterThanOrEqual(2);
      expect(requests.get(path)).toBeLessThanOrEqual(3);
    }
    expect(most.get('/a')).toBe(1);
    expect(stored.filter((s) => s.origin === `${base}/a`).length).toBeGreaterThanOrEqual(2);
  });

  it('starts the next scrape only after a store longer than the interval, without overlapping', async () => {
    const { port } = slowPipeline(1500);
    const config = PrometheusSourceConfig.parse({ id: 'p', targets: [`${base}/a`], intervalMs: 1000, timeoutMs: 1000 });
    const source = new PrometheusSource(config, port, { log: () => {}, clock: Date.now });
    await source.start();
    await new Promise((r) => setTimeout(r, 2500));
    const asked = requests.get('/a');
    await source.stop();
    // At 0 s, then at 1.5 s (when the first store ended), not at 1 s and 2 s.
    expect(asked).toBe(2);
    expect(most.get('/a')).toBe(1);
    const target = source.health().targets![0]!;
    expect(target.durationMs).toBeGreaterThanOrEqual(1400);
  });
});
