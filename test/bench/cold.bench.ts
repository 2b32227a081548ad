// npm run bench -- cold [--series N] [--hours N] [--compact-every-s N] [--daily] [--no-rewrite] [--keep DIR]
//
// Issue 20, disk bytes per reading of a store filled through the live path: series readings at
// 1 s (a random walk with two decimals, steps −0.10…+0.10, as the peers bench), appended
// time-major second by second and compacted every `compact-every-s` seconds of data (the live
// compaction interval, 300 s by default) — so each compaction writes a sorted batch of ~300 rows
// per series. The data starts at a UTC midnight, so the first day is complete once `hours` > 24.
// It prints the storage breakdown (storage-breakdown.ts) after a clean stop, then runs the cold
// rewrite of complete days (cold-rewrite.ts) and prints it again with the rewrite's time, and
// checks that every row is still there with the same value. With --daily the rewrite runs during
// the load instead, after every hour of data (as the engine's hourly retention timer runs it), and
// the file's size is printed at the end of each day: it must not grow by a rewrite each day.
// With --dir DIR it rewrites every day of a data folder filled otherwise (a kept peers run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { COLD_GRACE_MS, markColdDays } from '../../src/main/engine/history/cold-rewrite';
import { HistoryStore } from '../../src/main/engine/history/history-store';
import { allocColumns } from '../../src/main/engine/history/reading-columns';
import { storageBreakdown } from './support/storage-breakdown';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '100' },
    hours: { type: 'string', default: '26' },
    'compact-every-s': { type: 'string', default: '300' },
    'no-rewrite': { type: 'boolean', default: false },
    daily: { type: 'boolean', default: false },
    keep: { type: 'string' },
    dir: { type: 'string' },
  },
});
const SERIES = Number(args.series);
const SECONDS = Number(args.hours) * 3600;
const EVERY = Number(args['compact-every-s']);
const DAY = 86_400_000;
const log = (m: string) => process.stderr.write(`[bench cold] ${m}\n`);

/** A checksum of every stored row (series, ts, value bits), to show a rewrite kept them all. */
async function digest(file: string): Promise<string> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    const r = (
      await db.runAndReadAll(
        `SELECT count(*)::DOUBLE, sum(hash(series_id, ts, value::VARCHAR, quality) % 1000000007)::DOUBLE FROM readings`,
      )
    ).getRowsJS()[0] as [number, number];
    return `${r[0]}:${r[1]}`;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/**
 * --dir: a data folder filled some other way (the peers bench's lake import, kept): every day of
 * it marked as compaction marks them, rewritten, and measured before and after.
 */
async function rewriteFolder(dir: string) {
  const file = join(dir, 'history.duckdb');
  const before = await storageBreakdown(file);
  const digestBefore = await digest(file);
  const instance = await DuckDBInstance.create(file);
  const db = await instance.connect();
  await markColdDays(db, 'readings_store');
  db.closeSync();
  instance.closeSync();
  const store = new HistoryStore(dir, { clock: Date.now, log });
  await store.start();
  const r0 = performance.now();
  const days = await store.rewriteColdDays();
  const seconds = (performance.now() - r0) / 1000;
  await store.stop();
  const after = await storageBreakdown(file);
  const identical = (await digest(file)) === digestBefore;
  console.log(JSON.stringify({ dir, before, rewrite: { days, seconds, identical, after } }, null, 2));
}

async function main() {
  if (args.dir) return rewriteFolder(args.dir);
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'wf-bench-cold-'));
  const start = Math.floor(Date.UTC(2026, 10, 2) / DAY) * DAY;
  let now = start;
  const clock = () => now;
  const store = new HistoryStore(dir, { clock, log, compactIntervalMs: 3_600_000_000 });
  await store.start();
  const keys = Array.from(
    { length: SERIES },
    (_, i) => `dev-${String(Math.floor(i / 10)).padStart(3, '0')}/s${i % 10}`,
  );
  const ids = await store.ensureSeries(keys);
  const level = new Float64Array(SERIES).fill(10000);
  let seed = 20;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const t0 = performance.now();
  let compactMs = 0;
  let rewriteMs = 0;
  const dailyFile: { hour: number; mb: number; freeBlocks: number }[] = [];
  const CHUNK = 10; // seconds per append (the pipeline flushes small batches; 10 s keeps the bench fast)
  for (let s = 0; s < SECONDS; s += CHUNK) {
    const n = Math.min(CHUNK, SECONDS - s);
    const cols = allocColumns(n * SERIES);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < SERIES; i++) {
        level[i] = level[i]! + Math.floor(rand() * 21) - 10;
        const j = cols.length++;
        cols.series[j] = ids[i]!;
        cols.ts[j] = start + (s + k) * 1000;
        cols.value[j] = level[i]! / 100;
        cols.quality[j] = 0;
      }
    }
    await store.appendColumns(cols);
    now = start + (s + n) * 1000;
    if ((s + n) % EVERY === 0 || s + n === SECONDS) {
      const c = performance.now();
      await store.compactNow();
      compactMs += performance.now() - c;
    }
    if (args.daily && (s + n) % 3600 === 0) {
      const r = performance.now();
      await store.rewriteColdDays();
      rewriteMs += performance.now() - r;
    }
    if (args.daily && (s + n) % 86400 === 3 * 3600) {
      const b = await store.fileBlocks();
      dailyFile.push({ hour: (s + n) / 3600, mb: Math.round((b.total * b.blockSize) / 1e5) / 10, freeBlocks: b.free });
    }
    if ((s + n) % 21600 === 0) log(`${(s + n) / 3600} h of ${SECONDS / 3600}`);
  }
  const loadSeconds = (performance.now() - t0) / 1000;
  await store.stop();
  const before = await storageBreakdown(store.file);
  const digestBefore = await digest(store.file);
  log(`live-filled: ${before.fileBytesPerReading} B/reading (file)`);
  let rewrite: Record<string, unknown> | null = null;
  if (!args['no-rewrite'] && !args.daily) {
    const again = new HistoryStore(dir, { clock, log: () => {}, compactIntervalMs: 3_600_000_000 });
    await again.start();
    const r0 = performance.now();
    // As the engine's hourly run would once the grace after the last day has passed.
    const days = await again.rewriteColdDays(now + COLD_GRACE_MS);
    const seconds = (performance.now() - r0) / 1000;
    await again.stop();
    const after = await storageBreakdown(again.file);
    const digestAfter = await digest(again.file);
    rewrite = { days, seconds: Math.round(seconds * 100) / 100, identical: digestAfter === digestBefore, after };
  }
  console.log(
    JSON.stringify(
      {
        series: SERIES,
        hours: SECONDS / 3600,
        compactEverySeconds: EVERY,
        readings: before.readings,
        loadSeconds: Math.round(loadSeconds * 10) / 10,
        compactSeconds: Math.round(compactMs / 100) / 10,
        ...(args.daily ? { dailyRewriteSeconds: Math.round(rewriteMs / 100) / 10, dailyFile } : {}),
        liveFilled: before,
        rewrite,
      },
      null,
      2,
    ),
  );
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
