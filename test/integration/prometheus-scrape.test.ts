// A Prometheus scrape source against real exporters from Debian: prometheus-node-exporter (text
// format 0.0.4) and an exporter written with python3-prometheus-client (OpenMetrics 1.0, gzip),
// beside a target that answers 503, one that never answers, and one whose exposition has a
// malformed line. Readings arrive in history under the devices and signals the templates name;
// health shows each target up or down with its last scrape; the bad targets block no other.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { prometheusKind } from '../../src/main/engine/ingest/kinds/prometheus-kind';
import { PrometheusSourceConfig } from '../../src/shared/sources/prometheus-schema';
import {
  nodeExporterMissing,
  openMetricsExporterMissing,
  startNodeExporter,
  startOpenMetricsExporter,
  type Exporter,
} from '../support/prometheus-exporters';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const missing = nodeExporterMissing() ?? openMetricsExporterMissing();
if (missing) console.warn(`prometheus-scrape.test.ts skipped: ${missing}`);

/** A loopback server for the targets that misbehave: 503, silence, a malformed line. */
function misbehaving(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/unavailable') {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
    } else if (req.url === '/silent') {
      // Never answers: the scrape must time out.
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end('# TYPE ok_gauge gauge\nok_gauge 7\nbroken{line="2" 1\nok_other 8\n');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

describe.skipIf(missing !== undefined)('Prometheus scrape source against real exporters', () => {
  let node: Exporter;
  let om: Exporter;
  let bad: { server: Server; base: string };
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;

  beforeAll(async () => {
    [node, om, bad] = await Promise.all([startNodeExporter(), startOpenMetricsExporter(), misbehaving()]);
    dir = makeTempDir();
    engine = await startEngine(dir.path, {
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: {
        mqtt: [],
        prometheus: [
          {
            id: 'plant-metrics',
            targets: [node.url, om.url, `${bad.base}/unavailable`, `${bad.base}/silent`, `${bad.base}/malformed`],
            intervalMs: 1000,
            timeoutMs: 800,
            metrics: { deny: ['go_*', 'python_*', 'process_*', 'promhttp_*', 'node_scrape_*'] },
            rates: ['plant_items'],
          },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.all([node?.stop(), om?.stop()]);
    bad?.server.closeAllConnections();
    await new Promise((r) => bad?.server.close(r));
    dir?.remove();
  });

  const targets = () => engine.health().sources.find((s) => s.id === 'plant-metrics')?.targets ?? [];
  const target = (url: string) => targets().find((t) => t.url === url);

  it('stores node-exporter metrics as readings of device host:port, signal metric name and labels', async () => {
    const device = `127.0.0.1:${node.port}`;
    await waitFor(() => engine.services.registry.get(device), { timeoutMs: 15_000, what: 'the node exporter device' });
    const counts = await waitFor(
      async () => {
        const c = await engine.services.history.countBySeries();
        return (c.get(`${device}/node_load1`) ?? 0) >= 2 ? c : undefined;
      },
      { timeoutMs: 15_000, what: 'two scrapes of node_load1 stored' },
    );
    expect(counts.get(`${device}/node_memory_MemTotal_bytes`)).toBeGreaterThanOrEqual(1);
    expect(counts.get(`${device}/node_cpu_seconds_total/cpu:0/mode:idle`)).toBeGreaterThanOrEqual(1);
    // The deny patterns held: no Go runtime series.
    expect([...counts.keys()].some((k) => k.startsWith(`${device}/go_`))).toBe(false);
    const [mem] = await engine.services.history.rawReadings(
      [`${device}/node_memory_MemTotal_bytes`],
      0,
      Date.now() + 1000,
      1,
      true,
    );
    expect(mem).toBeDefined();
  });

  it('reads OpenMetrics from the python client: units, escaped labels, a counter as a rate, NaN skipped', async () => {
    const device = `127.0.0.1:${om.port}`;
    const rateSignal = 'plant_items_total:rate/line:north__A__1_B';
    await waitFor(
      async () => ((await engine.services.history.countBySeries()).get(`${device}/${rateSignal}`) ?? 0) >= 1,
      { timeoutMs: 15_000, what: 'the counter rate from the OpenMetrics exporter stored' },
    );
    const temperature = engine.services.registry.signal(device, 'plant_temperature_celsius');
    expect(temperature?.unit).toBe('celsius');
    expect(engine.services.registry.signal(device, 'plant_latency_seconds_bucket/le:0.5')).toBeDefined();
    expect(engine.services.registry.signal(device, 'plant_broken_ratio')).toBeUndefined(); // NaN: skipped
    expect(engine.services.registry.signal(device, 'plant_items_created/line:north__A__1_B')).toBeUndefined();
    const points = await engine.services.history.rawReadings([`${device}/${rateSignal}`], 0, Date.now() + 1000, 10);
    expect(points.length).toBeGreaterThan(0);
    // The exporter's counter grows by 100 a second.
    for (const p of points) {
      expect(p.value).toBeGreaterThan(80);
      expect(p.value).toBeLessThan(120);
    }
    const t = target(om.url)!;
    expect(t).toMatchObject({ up: true, error: null });
    expect(t.skipped).toBeGreaterThanOrEqual(1);
  });

  it('marks the 503 and the silent target down, and keeps scraping the others on time', async () => {
    await waitFor(() => (target(node.url)?.scrapes ?? 0) >= 4, { timeoutMs: 15_000, what: 'four node scrapes' });
    const unavailable = target(`${bad.base}/unavailable`)!;
    const silent = target(`${bad.base}/silent`)!;
    expect(unavailable).toMatchObject({ up: false, error: expect.stringMatching(/HTTP 503/) });
    expect(silent).toMatchObject({ up: false, error: expect.stringMatching(/timeout/) });
    expect(silent.durationMs).toBeGreaterThanOrEqual(700);
    // Retried every interval, not given up on.
    expect(unavailable.scrapes).toBeGreaterThanOrEqual(2);
    const up = target(node.url)!;
    expect(up).toMatchObject({ up: true, error: null });
    expect(up.samples).toBeGreaterThan(10);
    expect(up.durationMs).toBeGreaterThan(0);
    expect(up.durationMs).toBeLessThan(800);
    const health = engine.health().sources.find((s) => s.id === 'plant-metrics')!;
    expect(health).toMatchObject({ kind: 'prometheus', connected: false });
    expect(health.error).toMatch(/unavailable: HTTP 503/);
    expect(engine.health().problems.join('\n')).toMatch(/source plant-metrics is not connected/);
  });

  it('sends a malformed line to dead letters with its line number and keeps the rest of that scrape', async () => {
    const device = bad.base.replace('http://', '');
    await waitFor(() => engine.services.registry.signal(device, 'ok_other'), { timeoutMs: 15_000, what: 'ok_other' });
    expect(engine.services.registry.signal(device, 'ok_gauge')).toBeDefined();
    const letters = engine.services.deadLetters.list(50, 'plant-metrics');
    const letter = letters.find((l) => l.origin === `${bad.base}/malformed`);
    expect(letter?.reason).toMatch(/^line 3: the label set is not closed/);
    expect(letter?.raw).toBe('broken{line="2" 1');
    expect(target(`${bad.base}/malformed`)).toMatchObject({
      up: true,
      error: expect.stringMatching(/1 lines refused/),
    });
  });

  it('tests a connection by scraping each target once and counting its samples', async () => {
    const good = await prometheusKind.test(PrometheusSourceConfig.parse({ id: 't', targets: [node.url, om.url] }), {
      embeddedBrokerUrl: null,
    });
    expect(good.ok).toBe(true);
    expect(good.message).toMatch(new RegExp(`${node.url}: \\d+ samples \\(text 0\\.0\\.4\\)`));
    expect(good.message).toMatch(new RegExp(`${om.url}: \\d+ samples \\(OpenMetrics\\)`));
    const down = await prometheusKind.test(
      PrometheusSourceConfig.parse({ id: 't', targets: [`${bad.base}/unavailable`] }),
      { embeddedBrokerUrl: null },
    );
    expect(down).toMatchObject({ ok: false, message: expect.stringMatching(/HTTP 503/) });
  });
});
