// npm run bench -- history [--series N] [--points N] [--interval-ms N] [--queries N] [--keep DIR]
//                          [--memory-limit-mb N] [--threads N]
//
// Builds a store of series × points readings (default 10,000 × 10,000 = 100 million, one
// reading every 15 s per series, ending now, written time-major as a plant's live feed
// would be) through the historian's bulk path, then measures query latency at rest and
// while live ingest runs at 50,000 readings/s, the bytes on disk per reading, and the peak
// resident memory of each phase against DuckDB's budget (the machine's default unless given).
// Prints one JSON document on stdout; progress goes to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HistoryStore } from '../../src/main/engine/history/history-store';
import { allocColumns } from '../../src/main/engine/history/reading-columns';
import type { Reading } from '../../src/shared/domain';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '10000' },
    points: { type: 'string', default: '10000' },
    'interval-ms': { type: 'string', default: '15000' },
    queries: { type: 'string', default: '60' },
    'live-rate': { type: 'string', default: '50000' },
    keep: { type: 'string' },
    'memory-limit-mb': { type: 'string' },
    threads: { type: 'string' },
  },
});
const SERIES = Number(args.series);
const POINTS = Number(args.points);
const INTERVAL = Number(args['interval-ms']);
const QUERIES = Number(args.queries);
const LIVE_RATE = Number(args['live-rate']);
const H = 3_600_000;
const D = 24 * H;

const log = (m: string) => process.stderr.write(`[bench history] ${m}\n`);
const seriesKey = (i: number) => `eq-${String(Math.floor(i / 10)).padStart(4, '0')}/s${i % 10}`;

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

async function main() {
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'wf-bench-history-'));
  const end = Date.now();
  const start = end - POINTS * INTERVAL;
  const budget = {
    memoryLimitMb: args['memory-limit-mb'] ? Number(args['memory-limit-mb']) : undefined,
    threads: args.threads ? Number(args.threads) : undefined,
  };
  const store = new HistoryStore(dir, { clock: Date.now, log, ...budget });
  await store.start();
  let peakRss = 0;
  const peaks: Record<string, number> = {};
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const notePeak = (phase: string) => {
    peaks[phase] = Math.round(peakRss / 1048576);
    peakRss = 0;
  };
  try {
    const keys = Array.from({ length: SERIES }, (_, i) => seriesKey(i));
    const ids = await store.ensureSeries(keys);

    // ---- backfill ------------------------------------------------------------------------
    const total = SERIES * POINTS;
    const BATCH = 200_000;
    const cols = allocColumns(BATCH);
    let written = 0;
    const t0 = performance.now();
    let pending: Promise<unknown> = Promise.resolve();
    for (let p = 0; p < POINTS; p++) {
      const ts = start + p * INTERVAL;
      for (let s = 0; s < SERIES; s++) {
        const i = cols.length++;
        cols.series[i] = ids[s]!;
        cols.ts[i] = ts + (s % 1000);
        cols.value[i] =
          Math.round((50 + 20 * Math.sin(p / 240 + s) + ((p * 7919 + s * 104729) % 1000) / 500) * 100) / 100;
        cols.quality[i] = 0;
        if (cols.length === BATCH) {
          await pending;
          const batch = {
            ...cols,
            series: cols.series.slice(),
            ts: cols.ts.slice(),
            value: cols.value.slice(),
            quality: cols.quality.slice(),
          };
          pending = store.appendColumns(batch);
          written += cols.length;
          cols.length = 0;
          if (written % 10_000_000 < BATCH)
            log(`backfill ${(written / 1e6).toFixed(0)}M / ${(total / 1e6).toFixed(0)}M`);
        }
      }
    }
    if (cols.length > 0) {
      await pending;
      pending = store.appendColumns(cols);
      written += cols.length;
    }
    await pending;
    await store.compactNow();
    const backfillSeconds = (performance.now() - t0) / 1000;
    notePeak('backfillWithCompaction');
    log(`backfill ${written} rows in ${backfillSeconds.toFixed(1)} s`);

    // ---- queries -------------------------------------------------------------------------
    const ranges: [string, number][] = [
      ['1h', H],
      ['24h', D],
      ['7d', 7 * D],
      ['30d', 30 * D],
      ['1y', 365 * D],
    ];
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = () => keys[Math.floor(rand() * SERIES)]!;

    async function queryRound() {
      const out: Record<string, unknown> = {};
      const single: number[] = [];
      for (const [name, span] of ranges) {
        const times: number[] = [];
        const tiers = new Set<string>();
        let points = 0;
        for (let q = 0; q < QUERIES; q++) {
          const to = Date.now();
          const t = performance.now();
          const [r] = await store.query([pick()], to - span, to, 1000);
          times.push(performance.now() - t);
          tiers.add(r!.tier);
          points = Math.max(points, r!.ts.length);
        }
        single.push(...times);
        out[`one_series_${name}`] = { ...percentiles(times), tier: [...tiers].join(','), maxPointsReturned: points };
      }
      out.one_series_any_range = percentiles(single);
      const multi: number[] = [];
      for (let q = 0; q < QUERIES; q++) {
        const to = Date.now();
        const chosen = Array.from({ length: 16 }, pick);
        const t = performance.now();
        await store.query(chosen, to - D, to, 1000);
        multi.push(performance.now() - t);
      }
      out.sixteen_series_24h = percentiles(multi);
      return out;
    }

    // warm-up, then at rest
    await queryRound();
    const idle = await queryRound();
    notePeak('queriesIdle');
    log(`idle: ${JSON.stringify(idle.one_series_any_range)} 16x24h ${JSON.stringify(idle.sixteen_series_24h)}`);

    // ---- the same while live ingest runs ---------------------------------------------------
    let liveStored = 0;
    let liveRunning = true;
    const TICK = 50;
    const perTick = Math.round((LIVE_RATE * TICK) / 1000);
    let cursor = 0;
    const liveStart = performance.now();
    const live = (async () => {
      let next = performance.now();
      while (liveRunning) {
        const now = Date.now();
        const batch: Reading[] = [];
        for (let i = 0; i < perTick; i++) {
          const s = cursor++ % SERIES;
          const key = keys[s]!;
          const slash = key.indexOf('/');
          batch.push({
            deviceId: key.slice(0, slash),
            signal: key.slice(slash + 1),
            ts: now + Math.floor(cursor / SERIES),
            value: 50 + (i % 100) / 10,
            quality: 'good',
          });
        }
        const r = await store.append(batch);
        liveStored += r.stored;
        next += TICK;
        await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
      }
    })();
    await new Promise((r) => setTimeout(r, 2000));
    const loaded = await queryRound();
    liveRunning = false;
    await live;
    const liveSeconds = (performance.now() - liveStart) / 1000;
    notePeak('queriesUnderIngest');
    log(
      `under ingest: ${JSON.stringify(loaded.one_series_any_range)} 16x24h ${JSON.stringify(loaded.sixteen_series_24h)}`,
    );

    await store.compactNow();
    await store.stop();
    const bytes = store.sizeBytes();
    const stored = written + liveStored;
    const ratio = (a: { p95: number }, b: { p95: number }) => Math.round((a.p95 / b.p95) * 100) / 100;
    const result = {
      benchmark: 'history',
      machine: { cpus: (await import('node:os')).cpus().length, node: process.versions.node },
      store: {
        series: SERIES,
        pointsPerSeries: POINTS,
        intervalMs: INTERVAL,
        readings: written,
        spanHours: Math.round((POINTS * INTERVAL) / H),
      },
      backfill: {
        rows: written,
        seconds: Math.round(backfillSeconds * 10) / 10,
        rowsPerSecond: Math.round(written / backfillSeconds),
      },
      queriesIdle: idle,
      queriesUnderIngest: {
        ...loaded,
        ingestTargetPerSecond: LIVE_RATE,
        ingestAchievedPerSecond: Math.round(liveStored / liveSeconds),
        p95RatioOneSeries: ratio(
          loaded.one_series_any_range as { p95: number },
          idle.one_series_any_range as { p95: number },
        ),
        p95Ratio16x24h: ratio(loaded.sixteen_series_24h as { p95: number }, idle.sixteen_series_24h as { p95: number }),
      },
      disk: { bytes, readings: stored, bytesPerReading: Math.round((bytes / stored) * 100) / 100 },
      memory: { duckdbBudget: store.budget, peakRssMiB: peaks },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
