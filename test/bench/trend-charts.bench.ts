// npm run bench -- trend-charts [--seconds N] [--runs N] [--before DIR]
//   DIR: a checkout whose src/renderer/src/charts/use-live-trend.ts to compare with (e.g.
//   `git worktree add ../before main`: one draw per changed series instead of one per chart).
//
// Issue 16's figure: 16 trend charts × 10 live series at 1 Hz each on one 1920×1080 display,
// ≥ 55 fps and no long task over 50 ms in 30 s. The page (test/bench/support/trend-charts-page.tsx)
// is the app's own chart code — useChart and useLiveTrend from src/renderer/src/charts over the
// TelemetryStore, under React — bundled with esbuild, as chart-zoom.bench.ts does, rather than
// the whole app against a serve: the figure is about the charts, and a serve feeding 160 series
// would measure the engine and the WebSocket on the same two cores too. Loaded in Debian's
// Chromium (headless, software canvas) at 1920×1080; each run warms up 3 s, then counts frames
// and long tasks (PerformanceObserver 'longtask') for --seconds. Prints one JSON document.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { launchChromium } from '../support/browser';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    runs: { type: 'string', default: '1' },
    before: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const RUNS = Number(args.runs);
const root = process.cwd();
const log = (m: string) => process.stderr.write(`[bench trend-charts] ${m}\n`);

function liveTrendFrom(checkout: string): Plugin {
  return {
    name: 'use-live-trend-from',
    setup(b) {
      b.onResolve({ filter: /charts\/use-live-trend$/ }, () => ({
        path: join(checkout, 'src/renderer/src/charts/use-live-trend.ts'),
      }));
    },
  };
}

async function bundle(checkout: string | null): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'test/bench/support/trend-charts-page.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [join(root, 'node_modules')],
    plugins: checkout ? [liveTrendFrom(checkout)] : [],
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

const STYLE =
  'body{margin:0;background:#0c1016}.grid{display:grid;grid-template-columns:repeat(4,1fr);grid-template-rows:repeat(4,1fr);gap:8px;padding:8px;box-sizing:border-box;width:1920px;height:1080px}.chart{min-width:0;min-height:0;background:#141a22}';

interface Figures {
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  p99: number;
  worst: number;
  longTasks: number[];
}

async function main() {
  const before = args.before ? resolve(args.before) : null;
  if (before && !existsSync(join(before, 'src/renderer/src/charts/use-live-trend.ts'))) {
    throw new Error(`--before ${before} is not a Watchfloor checkout`);
  }
  const modes = before ? (['before', 'after'] as const) : (['after'] as const);
  const scripts: Record<string, string> = { after: await bundle(null) };
  if (before) scripts.before = await bundle(before);
  const browser = await launchChromium();
  const results: Record<string, Figures[]> = {};
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const mode of modes) {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.setContent(
          `<!doctype html><html><head><style>${STYLE}</style></head><body><div id="root"></div><script>${scripts[mode]}</script></body></html>`,
        );
        await page.evaluate(() => (globalThis as unknown as { bench: { start(): void } }).bench.start());
        await page.waitForTimeout(3000);
        const figures = await page.evaluate(
          (ms) => (globalThis as unknown as { bench: { measure(ms: number): Promise<Figures> } }).bench.measure(ms),
          SECONDS * 1000,
        );
        await page.evaluate(() => (globalThis as unknown as { bench: { stop(): void } }).bench.stop());
        await page.close();
        (results[mode] ??= []).push(figures);
        log(
          `run ${run} ${mode}: ${figures.fps} fps, p95 frame ${figures.p95} ms, ${figures.longTasks.length} long tasks`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  const summary = (runs: Figures[]) => ({
    runs: runs.map(({ longTasks, ...f }) => ({
      ...f,
      longTasksOver50ms: longTasks.length,
      longestTaskMs: Math.max(0, ...longTasks),
    })),
    meetsTarget: runs.every((f) => f.fps >= 55 && f.longTasks.length === 0),
  });
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'trend-charts',
        charts: 16,
        seriesPerChart: 10,
        feedHz: 1,
        display: '1920x1080',
        seconds: SECONDS,
        target: '>= 55 fps and no long task over 50 ms',
        ...(before ? { before: { checkout: before, ...summary(results.before!) } } : {}),
        after: summary(results.after!),
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
