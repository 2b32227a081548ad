// npm run bench -- metrics-endpoint [--devices N] [--signals N] [--alarms N] [--scrapes N]
//
// The cost of one scrape of GET /metrics on a large plant: `serve` in this process (engine, HTTP
// server, users, the real access checks) with N devices × M signals, a reading stored for every
// series (so each device counts as online), an open alarm on --alarms devices and a few dead
// letters. A scraper's API token (scope metrics) then reads /metrics --scrapes times in a row over
// loopback HTTP, as Prometheus would; the figure is the time to the last byte, per scrape, and
// separately the time to build the text alone (the metrics.prometheus handler).
// Prints one JSON document on stdout; progress goes to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve } from '../../src/main/server/serve';
import type { DeviceInput } from '../../src/shared/domain';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '5000' },
    signals: { type: 'string', default: '4' },
    alarms: { type: 'string', default: '1000' },
    scrapes: { type: 'string', default: '40' },
  },
});
const DEVICES = Number(args.devices);
const SIGNALS = Number(args.signals);
const ALARMS = Math.min(DEVICES, Number(args.alarms));
const SCRAPES = Number(args.scrapes);
const log = (m: string) => process.stderr.write(`[bench metrics-endpoint] ${m}\n`);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { n: s.length, min: round(s[0]!), p50: round(at(50)), p95: round(at(95)), max: round(s[s.length - 1]!) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-metrics-'));
  const devices: DeviceInput[] = [];
  for (let d = 0; d < DEVICES; d++) {
    devices.push({
      id: `dev-${d}`,
      name: `Device ${d}`,
      kind: 'sensor',
      area: `Area ${d % 20}`,
      signals: Array.from({ length: SIGNALS }, (_, k) => ({ key: `s${k}`, limits: { hi: 100 }, intervalMs: 5000 })),
    });
  }
  const running = await serve({
    config: parseConfig(
      mergeConfig(
        { dataDir: join(dir, 'data'), server: { port: 0 }, broker: { embedded: false } },
        { simulator: { enabled: false }, assistant: { enabled: false }, devices },
      ),
    ),
    rendererDir: join(dir, 'no-renderer'),
    version: 'bench',
    log: () => {},
  });
  try {
    const { pipeline, alarms } = running.engine.services;
    const encoder = new TextEncoder();
    const now = Date.now();
    log(`${DEVICES} devices × ${SIGNALS} signals: storing a reading per series, ${ALARMS} over their limit`);
    for (let d = 0; d < DEVICES; d += 250) {
      const batch = [];
      for (let i = d; i < Math.min(DEVICES, d + 250); i++)
        for (let k = 0; k < SIGNALS; k++)
          batch.push({
            deviceId: `dev-${i}`,
            sensorType: `s${k}`,
            value: i < ALARMS && k === 0 ? 150 : 50,
            timestamp: now,
          });
      await pipeline.submit('bench', 'fleet', encoder.encode(JSON.stringify(batch)));
    }
    await pipeline.submit('bench', 'bad', encoder.encode('{not json'));
    const deadline = Date.now() + 60_000;
    while (alarms.activeCount < ALARMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    log(`${alarms.activeCount} open alarms`);

    const admin = (method: 'users.create' | 'tokens.create', params: object) =>
      invokeRequest(running.engine.handlers(), method, params, IN_PROCESS);
    await admin('users.create', { name: 'root', role: 'admin', areas: null, password: 'bench password 123' });
    const { token } = (await admin('tokens.create', { name: 'prometheus', user: 'root', scopes: ['metrics'] })) as {
      token: string;
    };

    const url = `${running.server.url}/metrics`;
    const scrape = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${body}`);
      return { ms: performance.now() - t0, body };
    };
    const first = await scrape(); // warm-up: not counted
    const http: number[] = [];
    for (let i = 0; i < SCRAPES; i++) http.push((await scrape()).ms);
    const handlers = running.engine.handlers();
    const build: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      await invokeRequest(handlers, 'metrics.prometheus', {}, IN_PROCESS);
      build.push(performance.now() - t0);
    }
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(first.body)?.[1]);
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'metrics-endpoint',
          devices: DEVICES,
          series: DEVICES * SIGNALS,
          openAlarms: alarms.activeCount,
          readingsStored: value('watchfloor_readings_stored_total'),
          bodyBytes: Buffer.byteLength(first.body),
          lines: first.body.split('\n').length - 1,
          scrapeMs: stats(http),
          buildMs: stats(build),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
