// npm run bench -- scrape [--samples N] [--devices N] [--scrapes N] [--interval-ms N]
//
// The Prometheus scrape source with a large exposition: --samples (default 100,000) gauge
// samples over --devices (default 200) devices, named by the template `{{device}}` from a label.
// Measures:
//  - parse: the exposition text into readings (parser, series plans, rates), first sight of
//    every series (labels parsed, plans made) and then as every later scrape sees it;
//  - scrape: through the engine as it runs in production — a loopback HTTP server answers
//    gzipped text 0.0.4 as exporters do, the source scrapes it every --interval-ms, and each
//    scrape's duration (request, gunzip, parse, durable append to history) is read from the
//    target's health. The first scrape also registers every new signal; the rest are steady.
// Prints one JSON document on stdout; progress on stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Engine } from '../../src/main/engine/engine';
import { parseConfig } from '../../src/main/engine/config/load-config';
import { decodeScrape } from '../../src/main/engine/ingest/prometheus/scrape-decoder';
import { SeriesMapper } from '../../src/main/engine/ingest/prometheus/series-mapping';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '100000' },
    devices: { type: 'string', default: '200' },
    scrapes: { type: 'string', default: '6' },
    'interval-ms': { type: 'string', default: '3000' },
  },
});
const SAMPLES = Number(args.samples);
const DEVICES = Number(args.devices);
const SCRAPES = Number(args.scrapes);
const INTERVAL_MS = Number(args['interval-ms']);
const log = (m: string) => process.stderr.write(`[bench scrape] ${m}\n`);

/** An exporter's page: SAMPLES/DEVICES gauge families, one series per device each. */
function exposition(round: number): string {
  const perDevice = Math.ceil(SAMPLES / DEVICES);
  const lines: string[] = [];
  let n = 0;
  for (let m = 0; m < perDevice && n < SAMPLES; m++) {
    lines.push(`# HELP plant_metric_${m} Bench metric ${m}.`, `# TYPE plant_metric_${m} gauge`);
    for (let d = 0; d < DEVICES && n < SAMPLES; d++, n++) {
      const value = ((m * 31 + d * 7 + round * 13) % 1000) / 10;
      lines.push(`plant_metric_${m}{device="dev-${d}",line="L${d % 5}"} ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

function parsePhase(pages: string[]) {
  const mapping = {
    device: '{{device}}',
    signal: '{{__name__}}{{labels}}',
    metrics: { allow: [], deny: [] },
    rates: [],
    keepCounters: false,
  };
  const limits = { now: Date.now(), maxFutureMs: 300_000, maxAgeMs: null };
  const first: number[] = [];
  const steady: number[] = [];
  for (let run = 0; run < 3; run++) {
    const mapper = new SeriesMapper(mapping, { instance: '127.0.0.1:9100', job: 'bench' });
    let t0 = performance.now();
    const d = decodeScrape(pages[0]!, 'prometheus', mapper, Date.now(), limits);
    first.push(performance.now() - t0);
    if (d.readings.length !== SAMPLES) throw new Error(`parsed ${d.readings.length} readings, not ${SAMPLES}`);
    for (const page of pages) {
      t0 = performance.now();
      decodeScrape(page, 'prometheus', mapper, Date.now(), limits);
      steady.push(performance.now() - t0);
    }
  }
  return {
    firstSightMs: { median: round1(median(first)), min: round1(Math.min(...first)), max: round1(Math.max(...first)) },
    steadyMs: { median: round1(median(steady)), min: round1(Math.min(...steady)), max: round1(Math.max(...steady)) },
  };
}

async function main() {
  log(`building a ${SAMPLES}-sample exposition over ${DEVICES} devices`);
  const pages = [0, 1, 2].map(exposition);
  const gzipped = pages.map((p) => gzipSync(p));
  const parse = parsePhase(pages);
  log(`parse: ${JSON.stringify(parse)}`);

  let served = 0;
  const server = createServer((req, res) => {
    const body = gzipped[served++ % gzipped.length]!;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Encoding': 'gzip' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-scrape-'));
  const engine = new Engine(
    parseConfig({
      dataDir: dir,
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: {
        mqtt: [],
        prometheus: [
          { id: 'bench', targets: [url], intervalMs: INTERVAL_MS, timeoutMs: INTERVAL_MS, device: '{{device}}' },
        ],
      },
    }),
    { log, version: 'bench' },
  );
  await engine.start();
  const durations: number[] = [];
  let last = 0;
  const deadline = Date.now() + (SCRAPES + 4) * INTERVAL_MS + 60_000;
  while (durations.length < SCRAPES && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const t = engine.health().sources.find((s) => s.id === 'bench')?.targets?.[0];
    if (t && t.scrapes > last) {
      last = t.scrapes;
      if (!t.up) throw new Error(`scrape failed: ${t.error}`);
      if (t.samples !== SAMPLES) throw new Error(`a scrape had ${t.samples} samples, not ${SAMPLES}`);
      durations.push(t.durationMs!);
      log(`scrape ${t.scrapes}: ${t.durationMs} ms, ${t.samples} samples`);
    }
  }
  const stored = engine.services.history.stored;
  await engine.stop();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  const [firstScrape, ...steady] = durations;
  const result = {
    benchmark: 'scrape',
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    samples: SAMPLES,
    devices: DEVICES,
    exposition: { bytes: Buffer.byteLength(pages[0]!), gzipBytes: gzipped[0]!.length },
    parse,
    scrape: {
      firstMs: firstScrape,
      steadyMs: { median: round1(median(steady)), min: Math.min(...steady), max: Math.max(...steady), runs: steady },
      storedReadings: stored,
    },
    target: 'a 100,000-sample exposition parsed and stored in under 1000 ms',
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
