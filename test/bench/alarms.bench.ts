// npm run bench -- alarms [--samples N] [--gap-ms N] [--reports on|off] [--reports-per-minute N] [--keep DIR]
//                         [--access-calls N]
//
// Time from a reading that crosses a limit to its alarm in the queue of a browser: the built
// `watchfloor serve` (with the simulator feeding the default fleet as background), Debian's
// Chromium on the Alarms view, an MQTT publisher (QoS 1) on the embedded broker. Each sample
// is a new device's first crossing, so each is a new row; the page stamps the row's arrival
// with a MutationObserver, on the same machine clock as the publisher.
// `--reports`: the assistant's background reports for these (high-priority) alarms on (the
// default, as shipped) or off — run both, interleaved, to see what report queueing costs the
// alarm path; `--reports-per-minute` raises the rate limit so that reports are written while
// the samples run (no Ollama here: each is the retrieval fallback, made in the engine's process).
// `--access-calls` (default 2000; 0 skips): what the access control adds per call. An engine in
// this process with a user signed in as an operator of one area; the same calls (devices.list, and
// alarms.shelve + alarms.unshelve, which pass the area rule) over a memory channel, interleaved,
// once as that operator through the access control and once with no access control at all; and
// the check alone (caller resolved from the session, role and area rule — and, alarms.shelve being a
// write, its audit-trail append: most of the time), 100,000 times.
// (The browser above is in open mode — no users — and acts as `local` through the access control.)
// Prints one JSON document on stdout; progress goes to stderr.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import type { DeviceInput } from '../../src/shared/domain';
import { callContext, IN_PROCESS } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import { launchChromium } from '../support/browser';
import { startServeProcess } from '../support/serve-process';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '100' },
    'gap-ms': { type: 'string', default: '250' },
    reports: { type: 'string', default: 'on' },
    'reports-per-minute': { type: 'string', default: '6' },
    keep: { type: 'string' },
    'access-calls': { type: 'string', default: '2000' },
  },
});
const SAMPLES = Number(args.samples);
const GAP_MS = Number(args['gap-ms']);
const TIMEOUT_MS = 10_000;
const REPORTS = args.reports !== 'off';
const REPORTS_PER_MINUTE = Number(args['reports-per-minute']);
const ACCESS_CALLS = Number(args['access-calls']);

const log = (m: string) => process.stderr.write(`[bench alarms] ${m}\n`);

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]!, min: s[0]! };
}

/** Per-call time (µs) of the same calls with and without the access control, interleaved. */
async function accessOverhead(calls: number) {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-access-'));
  const engine = new Engine(
    parseConfig(
      mergeConfig(
        { dataDir: join(dir, 'data'), broker: { embedded: false }, server: { port: 0 } },
        {
          simulator: { enabled: false },
          assistant: { enabled: false },
          devices: [
            {
              id: 'oven-a',
              name: 'Oven A',
              kind: 'temperature',
              area: 'Area A',
              signals: [
                { key: 'temperature', unit: 'celsius', normal: [20, 80], limits: { hi: 85 }, intervalMs: 5000 },
              ],
            },
          ],
        },
      ),
    ),
    { version: 'bench' },
  );
  await engine.start();
  try {
    await engine.services.pipeline.submit(
      'bench',
      'limits',
      new TextEncoder().encode(
        JSON.stringify([{ deviceId: 'oven-a', sensorType: 'temperature', value: 95, timestamp: Date.now() }]),
      ),
    );
    while (engine.services.alarmStore.list({ limit: 1 }).length === 0) await new Promise((r) => setTimeout(r, 20));
    const id = engine.services.alarmStore.list({ limit: 1 })[0]!.id;
    const password = 'bench password 123';
    await engine.access.createUser({ name: 'bench-op', role: 'operator', areas: ['Area A'], password });
    const { secret } = await engine.access.signIn(
      'bench-op',
      password,
      { address: 'bench', origin: null, trusted: false },
      'browser',
    );
    const handlers = engine.handlers();
    const wire = (h: typeof handlers, context: Parameters<typeof serveContract>[2]['context']): ContractClient => {
      const [c, srv] = createMemoryChannelPair();
      serveContract(srv, h, { context });
      return createClient(c);
    };
    const variants = {
      open: wire({ ...handlers, access: undefined }, IN_PROCESS),
      operator: wire(
        handlers,
        engine.access.connect(
          { address: 'bench', origin: null, trusted: false },
          { kind: 'session', secret },
          'browser',
        ),
      ),
    };
    const times = {
      open: { get: [] as number[], write: [] as number[] },
      operator: { get: [] as number[], write: [] as number[] },
    };
    for (let i = 0; i < calls; i++) {
      for (const name of i % 2 === 0 ? (['open', 'operator'] as const) : (['operator', 'open'] as const)) {
        const client = variants[name];
        let t = performance.now();
        await client.request('devices.list', {});
        times[name].get.push((performance.now() - t) * 1000);
        t = performance.now();
        await client.request('alarms.shelve', { id, reason: 'bench', until: Date.now() + 3_600_000 });
        await client.request('alarms.unshelve', { id });
        times[name].write.push(((performance.now() - t) * 1000) / 2);
      }
    }
    for (const c of Object.values(variants)) c.close();
    const connection = engine.access.connect(
      { address: 'bench', origin: null, trusted: false },
      { kind: 'session', secret },
      'browser',
    );
    const noop = () => Promise.resolve(null);
    const CHECKS = 100_000;
    let t0 = performance.now();
    for (let i = 0; i < CHECKS; i++) {
      await engine.access.request('alarms.shelve', { id }, callContext(connection), noop);
    }
    const checkUs = ((performance.now() - t0) * 1000) / CHECKS;
    t0 = performance.now();
    for (let i = 0; i < CHECKS; i++) await noop();
    const baseUs = ((performance.now() - t0) * 1000) / CHECKS;
    const summary = (xs: number[]) => {
      const p = percentiles(xs.slice(Math.floor(xs.length / 10))); // the first tenth warms up
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { p50: Math.round(p.p50), p95: Math.round(p.p95), mean: Math.round(mean) };
    };
    const open = { read: summary(times.open.get), write: summary(times.open.write) };
    const operator = { read: summary(times.operator.get), write: summary(times.operator.write) };
    return {
      what: 'one call over a memory channel, µs: no access control vs a signed-in operator through it (session, role and area rule; a write is also appended to the audit trail)',
      calls,
      open,
      operator,
      addedP50Us: { read: operator.read.p50 - open.read.p50, write: operator.write.p50 - open.write.p50 },
      checkAloneUs: Math.round((checkUs - baseUs) * 100) / 100,
      targetAddedUs: 1000,
    };
  } finally {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'wf-bench-alarms-'));
  const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
    devices: DeviceInput[];
  };
  const benchDevices: DeviceInput[] = Array.from({ length: SAMPLES }, (_, i) => ({
    id: `bench-${String(i + 1).padStart(4, '0')}`,
    name: `Bench ${i + 1}`,
    kind: 'temperature',
    signals: [{ key: 'temperature', unit: 'celsius', normal: [20, 80], limits: { hi: 85 }, intervalMs: 5000 }],
  }));
  const config = join(dir, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      simulator: { anomalyRate: 0 },
      detection: { kindDefaults: false },
      devices: [...defaults.devices, ...benchDevices],
      assistant: { reports: { enabled: REPORTS, perMinute: REPORTS_PER_MINUTE, queueLimit: 500 } },
    }),
  );
  const serve = await startServeProcess(['--data', join(dir, 'data'), '--config', config]);
  const browser = await launchChromium();
  try {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${serve.url}/#alarms`);
    await page.locator('[data-testid="alarms-view"]').waitFor();
    await page.waitForFunction(
      "document.querySelector('[data-testid=\"connection\"]')?.getAttribute('data-status') === 'open'",
    );
    // Stamp each alarm row's first appearance, by device, the moment React puts it in the DOM.
    // (Page code as text: this file is type-checked for Node, without the DOM's types.)
    await page.evaluate(`(() => {
      const seen = {};
      window.__alarmSeen = seen;
      const stamp = (el) => {
        const id = el.getAttribute('data-device-id');
        if (id && !(id in seen)) seen[id] = performance.timeOrigin + performance.now();
      };
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes) {
            if (!(n instanceof Element)) continue;
            if (n.matches('[data-testid="alarm-row"]')) stamp(n);
            n.querySelectorAll('[data-testid="alarm-row"]').forEach(stamp);
          }
      }).observe(document.body, { childList: true, subtree: true });
    })()`);

    const pub = await mqtt.connectAsync(health.broker.url);
    const latencies: number[] = [];
    let missed = 0;
    log(`${SAMPLES} samples, ${GAP_MS} ms apart, against ${serve.url}`);
    for (const d of benchDevices) {
      const sent = Date.now();
      await pub.publishAsync(
        `watchfloor/devices/${d.id}/telemetry`,
        JSON.stringify({ deviceId: d.id, timestamp: sent, sensorType: 'temperature', value: 95 }),
        { qos: 1 },
      );
      try {
        const seen = await page.waitForFunction(
          (id) => (globalThis as { __alarmSeen?: Record<string, number> }).__alarmSeen?.[id],
          d.id,
          { timeout: TIMEOUT_MS, polling: 5 },
        );
        latencies.push(Math.round(((await seen.jsonValue()) as number) - sent));
      } catch (err) {
        missed++;
        log(`${d.id}: no alarm row within ${TIMEOUT_MS} ms (${(err as Error).message.split('\n')[0]})`);
      }
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    await pub.endAsync();
    const rows = await page.locator('[data-testid="alarm-row"]').count();
    const reportStates: Record<string, number> = {};
    const open = (await (await fetch(`${serve.url}/api/alerts?limit=1000`)).json()) as { data: { id: number }[] };
    for (const a of open.data) {
      const one = (await (await fetch(`${serve.url}/api/alerts/${a.id}`)).json()) as { meta: { report: string } };
      reportStates[one.meta.report] = (reportStates[one.meta.report] ?? 0) + 1;
    }
    const result = {
      benchmark: 'alarms',
      what: 'MQTT publish of a reading over a limit → its row in the alarm queue of a Chromium page (ms)',
      samples: SAMPLES,
      missed,
      latencyMs: latencies.length > 0 ? percentiles(latencies) : null,
      targetP99Ms: 1000,
      met: latencies.length > 0 && missed === 0 && percentiles(latencies).p99 < 1000,
      rowsInQueue: rows,
      reports: { enabled: REPORTS, perMinute: REPORTS_PER_MINUTE, states: reportStates },
      access: ACCESS_CALLS > 0 ? await accessOverhead(ACCESS_CALLS) : null,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await serve.stop();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
