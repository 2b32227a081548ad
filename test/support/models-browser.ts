// Settings → Models in a real browser against `watchfloor serve` (test/e2e/model-*.test.ts): one
// device of 1-second signals, no simulator, history posted to /ingest/batch, and screenshots at the
// three sizes the house checks by hand (into .scratch/, not asserted).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser';
import { startServeProcess, type ServeProcess } from './serve-process';
import { makeTempDir } from './temp-dir';

const SIZES = [
  { name: '1920', width: 1920, height: 1080 },
  { name: '1366', width: 1366, height: 768 },
  { name: '390', width: 390, height: 844 },
];

/** Deterministic noise in [−0.5, 0.5). */
export function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

/** Readings of `deviceId` one second apart from `from`: `values(i)` gives each row's signals. */
export function rowsOf(
  deviceId: string,
  from: number,
  n: number,
  values: (i: number) => Record<string, number>,
): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const timestamp = new Date(from + i * 1000).toISOString();
    for (const [sensorType, value] of Object.entries(values(i))) {
      out.push({ deviceId, sensorType, value, unit: 'unit', timestamp });
    }
  }
  return out;
}

/** A pump: pressure and temperature follow flow; `broken` moves pressure off its relation to flow. */
export function pumpRows(deviceId: string, from: number, n: number, seed: number, broken = false): unknown[] {
  const rnd = noise(seed);
  return rowsOf(deviceId, from, n, (i) => {
    const flow = 50 + 20 * Math.sin(i / 40) + rnd();
    return {
      flow,
      pressure: 10 + 0.5 * flow + 0.4 * rnd() + (broken ? 6 : 0),
      temperature: 60 - 0.3 * flow + 0.3 * rnd(),
    };
  });
}

export interface ModelsBrowser {
  serve: ServeProcess;
  page: Page;
  /** Posts readings in batches the ingest endpoint accepts, each answered 202. */
  ingest(body: unknown[]): Promise<void>;
  /** Screenshots of the page at each size (full page on the phone) as .scratch/<prefix>-<size>.png. */
  screenshots(prefix: string, before?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function openModelsBrowser(options: {
  device: { id: string; name: string; signals: string[] };
  /** models.minTrainingSpan for this engine: each test says why it is not the default day. */
  minTrainingSpan: string;
}): Promise<ModelsBrowser> {
  const shots = join(process.cwd(), '.scratch');
  mkdirSync(shots, { recursive: true });
  const dir = makeTempDir();
  const config = join(dir.path, 'watchfloor.json');
  const { device } = options;
  writeFileSync(
    config,
    JSON.stringify({
      simulator: { enabled: false },
      broker: { port: 0 },
      models: { minTrainingSpan: options.minTrainingSpan },
      devices: [
        { id: device.id, name: device.name, signals: device.signals.map((key) => ({ key, intervalMs: 1000 })) },
      ],
    }),
  );
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await serve?.stop();
    dir.remove();
  };
  try {
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const url = serve.url;
    return {
      serve,
      page,
      async ingest(body) {
        for (let i = 0; i < body.length; i += 900) {
          const r = await fetch(`${url}/ingest/batch`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body.slice(i, i + 900)),
          });
          expect(r.status).toBe(202);
        }
      },
      async screenshots(prefix, before) {
        for (const s of SIZES) {
          await page.setViewportSize({ width: s.width, height: s.height });
          await before?.();
          await page.screenshot({ path: join(shots, `${prefix}-${s.name}.png`), fullPage: s.width < 500 });
        }
        await page.setViewportSize({ width: 1920, height: 1080 });
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
