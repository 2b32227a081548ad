// npm run bench -- heatmap [--devices N] [--days N] [--runs N]
//
// The figure of issue 16: "Analytics heatmap of 200 devices × 30 days (1 h buckets) renders in
// < 1 s". The built `watchfloor serve` gets one reading per device and hour for the last 30 days
// through HTTP batch ingest (test/support/heatmap-fleet.ts: the engine's own write path, so the
// 1 h rollups are the ones a plant would have), then Debian's Chromium opens the heatmap panel (#analytics/v=1&p=heatmap) at
// 1920×1080 and, for each run, switches the heatmap from alarm counts to the signal over the
// last 30 days by hour. A run is timed in the page from the select's change event to the end of
// the frame after the chart's paint: the analytics.heatmap request over the WebSocket (DuckDB
// over the rollups, the JSON matrix, the client's schema check), sorting, and the canvas paint.
// Switching back to alarm counts (the journal in SQLite) is timed the same way. Prints one JSON
// document; it is a figure, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startHeatmapFleet } from '../support/heatmap-fleet';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '200' },
    days: { type: 'string', default: '30' },
    runs: { type: 'string', default: '7' },
  },
});
const DEVICES = Number(args.devices);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const log = (m: string) => process.stderr.write(`[bench heatmap] ${m}\n`);
const round = (x: number) => Math.round(x * 10) / 10;

/** Selects `value` in the select `testid` and returns ms from its change event to the frame after the next paint. */
async function timedSelect(page: Page, testid: string, value: string): Promise<number> {
  // In the page (a string: the page's DOM types stay out of the Node compilation).
  const armed = page.evaluate(`new Promise((resolve) => {
    const select = document.querySelector('[data-testid="${testid}"]');
    const before = document.querySelector('[data-testid="heatmap-chart"]').getAttribute('data-drawn');
    let t0 = 0;
    select.addEventListener('change', () => (t0 = performance.now()), { capture: true, once: true });
    const seen = new MutationObserver(() => {
      const chart = document.querySelector('[data-testid="heatmap-chart"]');
      if (!chart || chart.getAttribute('data-drawn') === before) return;
      seen.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    seen.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-drawn'] });
  })`) as Promise<number>;
  await page.locator(`[data-testid="${testid}"]`).selectOption(value);
  return armed;
}

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    runsMs: ms.map(round),
    medianMs: round(sorted[Math.floor(sorted.length / 2)]!),
    minMs: round(sorted[0]!),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-heatmap-'));
  const started = Date.now();
  const fleet = await startHeatmapFleet(dir, DEVICES, DAYS);
  const loadMs = Date.now() - started;
  log(`${fleet.readings} readings for ${DEVICES} devices × ${DAYS} days loaded in ${loadMs} ms`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${fleet.serve.url}/#analytics/v=1&p=heatmap`);
    await page.locator('[data-testid="heatmap-chart"][data-drawn]').waitFor({ timeout: 30_000 });
    await timedSelect(page, 'heatmap-range', String(DAYS === 1 ? 1 : DAYS));
    const signal: number[] = [];
    const alarms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      signal.push(await timedSelect(page, 'heatmap-measure', 'signal'));
      alarms.push(await timedSelect(page, 'heatmap-measure', 'alarms'));
      log(`run ${i + 1}: signal ${round(signal[i]!)} ms, alarms ${round(alarms[i]!)} ms`);
    }
    const cells = (await page.evaluate(`(() => {
      const c = document.querySelector('[data-testid="heatmap-chart"] canvas');
      return { width: c.width, height: c.height };
    })()`)) as { width: number; height: number };
    console.log(
      JSON.stringify(
        {
          figure: 'analytics heatmap, 200 devices × 30 days, 1 h buckets: < 1 s from asking to drawn',
          devices: DEVICES,
          days: DAYS,
          buckets: DAYS * 24,
          cells: DEVICES * DAYS * 24,
          readingsLoaded: fleet.readings,
          loadMs,
          viewport: '1920x1080',
          canvasPx: cells,
          signalHeatmap: stats(signal),
          alarmHeatmap: stats(alarms),
          targetMs: 1000,
          note: 'each run: select change → analytics.heatmap over the WebSocket → sort → canvas paint → next frame; machine shared, figures noisy',
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await fleet.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
