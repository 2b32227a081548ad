// npm run bench -- wall [--devices N] [--areas N] [--runs N] [--seconds S] [--before DIR]
//   DIR: another checkout with its own build (`out/`), e.g. main's, to compare with.
//
// The figure of issue 16: a Wall of 500 devices × 3 signals, live at 1 Hz each, must keep
// ≥ 55 fps, and the first live value must show < 1.5 s after navigation. A real `watchfloor
// serve` (no simulator; the devices registered from its config file) is fed by a publisher in
// this process over the engine's embedded MQTT broker, every signal once a second
// (test/support/wall-fleet.ts). Debian's Chromium at 1920×1080 opens `#wall` in a fresh page per
// run and measures, in the page:
//   - firstValueMs: navigation start → the first tile value laid out with a number in it (a
//     MutationObserver installed before the page's own scripts), and allValuesMs: → every one's.
//     --densities (default auto,compact) sets the wall's density first: at 500 devices 'auto'
//     picks dense tiles, which leave values out at 1080p (null here), so 'compact' measures them;
//   - fps: requestAnimationFrame callbacks counted over --seconds (≥ 20) once the wall is up;
//   - long tasks (PerformanceObserver 'longtask') in that window: count, total and longest.
// Prints one JSON document; runs are as measured (the machine may be shared: see
// docs/benchmarks.md).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../support/browser';
import { startWallPlant } from '../support/wall-fleet';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '500' },
    areas: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    before: { type: 'string' },
    densities: { type: 'string', default: 'auto,compact' },
  },
});
const DEVICES = Number(args.devices);
const AREAS = Number(args.areas);
const RUNS = Number(args.runs);
const SECONDS = Math.max(20, Number(args.seconds));
/** 'auto' as an operator first sees it; 'compact' because dense tiles at 500 leave values out. */
const DENSITIES = args.densities.split(',');
const log = (m: string) => process.stderr.write(`[bench wall] ${m}\n`);

/** Runs in the page before its scripts: notes when values appear and every long task. */
const INSTRUMENT = `(() => {
  const bench = { firstValue: null, allValues: null, long: [] };
  window.wallBench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const check = () => {
    // Only values laid out count: a density that leaves values out shows none.
    const values = [...document.querySelectorAll('[data-testid="tile-value"] .live-number')].filter(
      (v) => v.getClientRects().length > 0,
    );
    if (values.length === 0) return;
    let shown = 0;
    for (const v of values) if (/\\d/.test(v.textContent || '')) shown++;
    if (shown > 0 && bench.firstValue === null) bench.firstValue = performance.now();
    if (shown === values.length && bench.allValues === null) bench.allValues = performance.now();
  };
  new MutationObserver(() => {
    if (bench.allValues === null) check();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** Counts animation frames for N seconds; returns fps and the long tasks of that window. */
const FRAMES = (seconds: number) => `new Promise((done) => {
  const b = window.wallBench;
  const longBefore = b.long.length;
  let frames = 0;
  const t0 = performance.now();
  const tick = () => {
    frames++;
    if (performance.now() - t0 < ${seconds * 1000}) requestAnimationFrame(tick);
    else done({ fps: frames / ((performance.now() - t0) / 1000), long: b.long.slice(longBefore) });
  };
  requestAnimationFrame(tick);
})`;

const FIGURES = `(() => {
  const b = window.wallBench;
  const grid = document.querySelector('.wall-grid');
  return {
    firstValueMs: b.firstValue,
    allValuesMs: b.allValues,
    tiles: document.querySelectorAll('[data-testid="tile"]').length,
    density: grid ? grid.getAttribute('data-density') : null,
    fits: grid ? grid.getAttribute('data-fits') : null,
  };
})()`;

interface Run {
  density: string;
  firstValueMs: number | null;
  allValuesMs: number | null;
  fps: number;
  longTasks: { count: number; totalMs: number; maxMs: number };
  tiles: number;
  fits: string | null;
}

async function measure(cli: string | undefined, label: string, density: string): Promise<Run[]> {
  const plant = await startWallPlant(DEVICES, AREAS, cli);
  const browser = await launchChromium();
  const runs: Run[] = [];
  try {
    plant.startFeed();
    await new Promise((r) => setTimeout(r, 3000));
    for (let run = 1; run <= RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.addInitScript({ content: INSTRUMENT });
      await page.addInitScript({
        content: `localStorage.setItem('watchfloor.wall', JSON.stringify({ density: ${JSON.stringify(density)} }))`,
      });
      await page.goto(`${plant.serve.url}/#wall`);
      // Until every value shown is in, or — where the density shows none — the tiles are up.
      await page.waitForFunction(
        () => {
          const g = globalThis as unknown as {
            wallBench: { allValues: number | null };
            document: { querySelectorAll(s: string): { length: number } };
          };
          return (
            g.wallBench.allValues !== null || g.document.querySelectorAll('.wall-grid [data-testid="tile"]').length > 0
          );
        },
        undefined,
        { timeout: 30_000, polling: 100 },
      );
      await page.waitForTimeout(3000);
      await page.waitForTimeout(2000);
      const window_ = await page.evaluate<{ fps: number; long: number[] }>(FRAMES(SECONDS));
      const figures = await page.evaluate<{
        firstValueMs: number | null;
        allValuesMs: number | null;
        tiles: number;
        density: string | null;
        fits: string | null;
      }>(FIGURES);
      await page.close();
      const round = (x: number | null) => (x === null ? null : Math.round(x));
      const result: Run = {
        firstValueMs: round(figures.firstValueMs),
        allValuesMs: round(figures.allValuesMs),
        fps: Math.round(window_.fps * 10) / 10,
        longTasks: {
          count: window_.long.length,
          totalMs: Math.round(window_.long.reduce((a, b) => a + b, 0)),
          maxMs: Math.round(Math.max(0, ...window_.long)),
        },
        tiles: figures.tiles,
        density: `${density} (${figures.density})`,
        fits: figures.fits,
      };
      runs.push(result);
      log(`${label} ${density} run ${run}: ${JSON.stringify(result)}`);
    }
  } finally {
    await browser.close();
    await plant.close();
  }
  return runs;
}

const firsts = (runs: Run[]) => runs.flatMap((r) => (r.firstValueMs === null ? [] : [r.firstValueMs]));

function summary(runs: Run[]) {
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? null;
  };
  return {
    fpsMedian: med(runs.map((r) => r.fps)),
    fpsMin: Math.min(...runs.map((r) => r.fps)),
    // null where the density lays out no value (dense tiles at 500 on 1080p).
    firstValueMsMedian: med(firsts(runs)),
    firstValueMsMax: firsts(runs).length ? Math.max(...firsts(runs)) : null,
    longTaskMaxMs: Math.max(...runs.map((r) => r.longTasks.maxMs)),
  };
}

async function main() {
  const after: Run[] = [];
  for (const d of DENSITIES) after.push(...(await measure(undefined, 'after', d)));
  const beforeDir = args.before ? resolve(args.before) : null;
  // The build before has one kind of tile: the density preference means nothing to it.
  const before = beforeDir ? await measure(join(beforeDir, 'out', 'main', 'cli.js'), 'before', 'auto') : null;
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'wall',
        devices: DEVICES,
        signalsPerDevice: 3,
        areas: AREAS,
        feedHz: 1,
        viewport: '1920x1080',
        secondsPerRun: SECONDS,
        targets: { fps: '>= 55', firstValueMs: '< 1500' },
        after: Object.fromEntries(
          DENSITIES.map((d) => {
            const runs = after.filter((r) => r.density.startsWith(`${d} `));
            return [d, { runs, ...summary(runs) }];
          }),
        ),
        ...(before && beforeDir && { before: { checkout: beforeDir, runs: before, ...summary(before) } }),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
