// npm run bench -- review-queue [--items N]
//
// How long the Review queue keeps an expert waiting per item: the built `watchfloor serve`
// (default fleet, simulator without anomalies), N closed alarms made the real way (readings over
// or under a limit published over MQTT, returned by the simulator's next reading, acknowledged),
// then Chromium on the Review view pressing one verdict key per item. Each item is timed from
// the key to the next item being selected with the counter moved on (the label is created by the
// engine meanwhile; a failed create would put the row back). Prints one JSON document: per-item
// p50/p95/max, the whole queue's time, and the labels the engine holds afterwards.
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { launchChromium } from '../support/browser';
import { startServeProcess } from '../support/serve-process';
import { connectWs } from '../support/ws-client';
import { waitFor } from '../support/wait';

const { values: args } = parseArgs({ options: { items: { type: 'string', default: '50' } } });
const ITEMS = Number(args.items);
const log = (m: string) => process.stderr.write(`[bench review-queue] ${m}\n`);

/** One excursion per alarm key of the default fleet: 7 alarms a round. */
const EXCURSIONS: [string, string, number][] = [
  ['device-001', 'temperature', 99],
  ['device-001', 'temperature', 5],
  ['device-002', 'pressure', 70],
  ['device-002', 'pressure', 1],
  ['device-003', 'vibration', 150],
  ['device-004', 'production_counter', 10],
  ['device-005', 'quality_score', 50],
];

/** The little of the page's document the wait reads. */
interface PageDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'wf-bench-review-'));
  const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
    devices: unknown[];
  };
  const config = join(data, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
  );
  const serve = await startServeProcess(['--data', join(data, 'data'), '--config', config]);
  const client = await connectWs(serve.url);
  try {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    let closed = 0;
    while (closed < ITEMS) {
      for (const [deviceId, sensorType, value] of EXCURSIONS)
        await pub.publishAsync(
          `watchfloor/devices/${deviceId}/telemetry`,
          JSON.stringify({ deviceId, timestamp: Date.now(), sensorType, value }),
          { qos: 1 },
        );
      await waitFor(
        async () => (await client.request('alarms.list', { states: ['unack_rtn'] })).length >= EXCURSIONS.length,
        { timeoutMs: 30_000, what: 'the alarms to return' },
      );
      for (const alarm of await client.request('alarms.list', { states: ['unack_rtn'] })) {
        await client.request('alarms.acknowledge', { id: alarm.id });
        closed++;
      }
      log(`${closed} closed alarms`);
    }
    await pub.endAsync();
    const { total } = await client.request('annotations.queue', { days: 1, limit: 1000 });
    log(`queue holds ${total}`);

    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${serve.url}/#review`);
    const selected = page.locator('[data-testid="queue-row"][aria-selected="true"]');
    await selected.waitFor({ timeout: 15_000 });
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < ITEMS && i < total; i++) {
      const key = await selected.getAttribute('data-key');
      const t0 = performance.now();
      await page.keyboard.press('2');
      await page.waitForFunction(
        ([before, cleared]) => {
          // Runs in the page (this file is type-checked as Node code: no DOM types here).
          const doc = (globalThis as unknown as { document: PageDocument }).document;
          const row = doc.querySelector('[data-testid="queue-row"][aria-selected="true"]');
          const counter = doc.querySelector('[data-testid="queue-counter"]')?.textContent ?? '';
          return (row === null || row.getAttribute('data-key') !== before) && counter.startsWith(`cleared ${cleared} `);
        },
        [key, i + 1] as const,
        { timeout: 10_000, polling: 'raf' },
      );
      times.push(performance.now() - t0);
    }
    const wholeMs = performance.now() - started;
    // Every key became a label in the engine (optimistic rows are only honest if they land).
    await waitFor(
      async () =>
        (await client.request('annotations.list', { verdicts: ['false-alarm'], limit: 1 })).total >= times.length,
      { timeoutMs: 15_000, what: 'every label stored' },
    );
    const stored = (await client.request('annotations.list', { verdicts: ['false-alarm'], limit: 1 })).total;
    await browser.close();
    const sorted = [...times].sort((a, b) => a - b);
    const round = (v: number) => Math.round(v * 10) / 10;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'review-queue',
          items: times.length,
          perItemMs: { p50: round(pct(sorted, 0.5)), p95: round(pct(sorted, 0.95)), max: round(sorted.at(-1) ?? 0) },
          wholeQueueMs: Math.round(wholeMs),
          labelsStored: stored,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    client.close();
    await serve.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
