// npm run bench -- chart-zoom --before DIR [--points N] [--steps N] [--runs N] [--width PX]
//   DIR: a checkout of the code to compare with, e.g. `git worktree add ../before daad0b0`
//   (the commit before issue 13: every point handed to ECharts on every step).
//
// How smoothly a history chart with 100,000 raw points in view zooms and pans, before and after
// drawing only the window in view at pixel resolution (src/renderer/src/charts/visible-points.ts).
// A page with one history chart (test/bench/support/chart-zoom-page.ts) is bundled twice with
// esbuild — against the history-option.ts of the checkout in --before and against this tree's, with M4 — and
// loaded in Debian's Chromium (headless, software canvas). Each run times every step from the
// zoom action to the end of the frame ECharts draws for it (p50/p95/max, ms): --steps steps
// that zoom in from the whole range to its middle 60 %, pan right, and zoom back out. Runs
// alternate before/after in one browser, one sitting. Prints one JSON document.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { launchChromium } from '../support/browser';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '100000' },
    steps: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
    before: { type: 'string' },
    width: { type: 'string', default: '1600' },
  },
});
const POINTS = Number(args.points);
const STEPS = Number(args.steps);
const RUNS = Number(args.runs);
const WIDTH = Number(args.width);
const root = process.cwd();
const log = (m: string) => process.stderr.write(`[bench chart-zoom] ${m}\n`);

/** Resolves the chart's option builder from another checkout (main's code for "before"). */
function optionFrom(checkout: string): Plugin {
  return {
    name: 'history-option-from',
    setup(b) {
      b.onResolve({ filter: /charts\/history-option$/ }, () => ({
        path: join(checkout, 'src/renderer/src/charts/history-option.ts'),
      }));
    },
  };
}

async function bundle(checkout: string | null): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'test/bench/support/chart-zoom-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    nodePaths: [join(root, 'node_modules')],
    plugins: checkout ? [optionFrom(checkout)] : [],
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** Percentages of the axis: zoom in to the middle 60 %, pan right by 15 %, zoom back out. */
function steps(n: number): [number, number][] {
  const third = Math.max(1, Math.floor(n / 3));
  const out: [number, number][] = [];
  for (let i = 1; i <= third; i++) out.push([(20 * i) / third, 100 - (20 * i) / third]);
  for (let i = 1; i <= third; i++) out.push([20 + (15 * i) / third, 80 + (15 * i) / third]);
  for (let i = 1; i <= n - 2 * third; i++) {
    const k = i / (n - 2 * third);
    out.push([35 * (1 - k), 95 + 5 * k]);
  }
  return out;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  if (!args.before) throw new Error('give --before DIR: a checkout of the code to compare with (see the header)');
  const before = resolve(args.before);
  if (!existsSync(join(before, 'src/renderer/src/charts/history-option.ts'))) {
    throw new Error(`--before ${before} is not a Watchfloor checkout`);
  }
  const scripts = { before: await bundle(before), after: await bundle(null) };
  const browser = await launchChromium();
  const html = (script: string) =>
    `<!doctype html><html><body style="margin:0;background:#0c1016"><div id="chart" style="width:${WIDTH}px;height:420px"></div><script>${script}</script></body></html>`;
  const plan = steps(STEPS);
  const results: Record<'before' | 'after', { runs: { p50: number; p95: number; max: number }[]; all: number[] }> = {
    before: { runs: [], all: [] },
    after: { runs: [], all: [] },
  };
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const mode of ['before', 'after'] as const) {
        const page = await browser.newPage({ viewport: { width: WIDTH + 40, height: 600 } });
        await page.setContent(html(scripts[mode]));
        await page.evaluate(
          ([n, down]) =>
            (globalThis as unknown as { bench: { setup(n: number, d: boolean): void } }).bench.setup(n, down),
          [POINTS, mode === 'after'] as const,
        );
        await page.waitForTimeout(300);
        const times = await page.evaluate(async (plan) => {
          const b = (globalThis as unknown as { bench: { step(s: number, e: number): Promise<number> } }).bench;
          const out: number[] = [];
          for (const [s, e] of plan) out.push(await b.step(s, e));
          return out;
        }, plan);
        await page.close();
        const sorted = [...times].sort((a, b) => a - b);
        const figures = { p50: round(pct(sorted, 0.5)), p95: round(pct(sorted, 0.95)), max: round(sorted.at(-1)!) };
        results[mode].runs.push(figures);
        results[mode].all.push(...times);
        log(`run ${run} ${mode}: ${JSON.stringify(figures)}`);
      }
    }
  } finally {
    await browser.close();
  }
  const summary = (all: number[]) => {
    const s = [...all].sort((a, b) => a - b);
    return { p50: round(pct(s, 0.5)), p95: round(pct(s, 0.95)), max: round(s.at(-1)!) };
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'chart-zoom',
        points: POINTS,
        steps: plan.length,
        runs: RUNS,
        plotWidthPx: WIDTH - 76,
        before: { checkout: before, runs: results.before.runs, overall: summary(results.before.all) },
        after: { runs: results.after.runs, overall: summary(results.after.all) },
        unit: 'ms from the zoom/pan step to the frame drawn',
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
