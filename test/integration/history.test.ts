// The historian on real DuckDB files: rollups that equal raw aggregates (late and
// out-of-order data included), downsampling that keeps every bucket's extremes, exact
// deduplication, retention, statistics, export/import round trips and backups.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import type { Reading } from '../../src/shared/domain';
import { expectedBuckets, openHistory, reading, seeded } from '../support/history-fixture';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-11-01T00:00:00Z');

/** Three series over ~5 hours at irregular intervals, values rounded like a sensor's. */
function dataset(seed = 1): Reading[] {
  const rand = seeded(seed);
  const out: Reading[] = [];
  for (const series of ['press-1/pressure', 'press-1/temperature', 'oven-2/temperature']) {
    let ts = T0 + Math.floor(rand() * 1000);
    while (ts < T0 + 5 * H) {
      const q = rand() < 0.03 ? 'bad' : rand() < 0.05 ? 'uncertain' : 'good';
      out.push(reading(series, ts, Math.round((50 + 20 * Math.sin(ts / 600_000) + 5 * rand()) * 100) / 100, q));
      ts += 5000 + Math.floor(rand() * 20_000);
    }
  }
  return out;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('historian', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = makeTempDir();
    store = await openHistory(dir.path, {}, () => T0 + 10 * D);
  });
  afterEach(async () => {
    await store?.stop();
    dir.remove();
  });

  async function expectTierMatches(all: Reading[], series: string, tier: '1m' | '1h' | '1d', width: number) {
    const mine = all.filter((r) => `${r.deviceId}/${r.signal}` === series);
    const expected = expectedBuckets(mine, width);
    const [got] = await store.query([series], T0, T0 + 6 * H, 20_000, tier);
    expect(got!.tier).toBe(tier);
    expect(got!.bucketMs).toBe(width);
    expect(got!.ts.length).toBe(expected.size);
    got!.ts.forEach((b, i) => {
      const e = expected.get(b)!;
      expect(e, `bucket ${new Date(b).toISOString()}`).toBeDefined();
      expect(got!.count[i]).toBe(e.n);
      expect(got!.min[i]).toBe(e.min);
      expect(got!.max[i]).toBe(e.max);
      expect(got!.value[i]).toBeCloseTo(e.avg, 9);
    });
  }

  it('keeps rollups equal to aggregates of the raw rows, after late and out-of-order data too', async () => {
    const rand = seeded(7);
    const all = dataset();
    // First the data in order, then compacted; then a late, shuffled half-hour arrives for
    // buckets already rolled up, part of it compacted and part still hot.
    const lateFrom = T0 + 2 * H;
    const onTime = all.filter((r) => r.ts < lateFrom || r.ts >= lateFrom + 30 * MIN);
    const late = shuffle(
      all.filter((r) => r.ts >= lateFrom && r.ts < lateFrom + 30 * MIN),
      rand,
    );
    await store.append([...onTime].sort((a, b) => a.ts - b.ts));
    expect(await store.compactNow()).toBe(onTime.length);
    await store.append(late.slice(0, late.length / 2));
    await store.compactNow();
    await store.append(late.slice(late.length / 2));
    expect(store.hotRows).toBeGreaterThan(0);

    for (const series of ['press-1/pressure', 'oven-2/temperature']) {
      await expectTierMatches(all, series, '1m', MIN);
      await expectTierMatches(all, series, '1h', H);
      await expectTierMatches(all, series, '1d', D);
    }
    // and the same after everything is compacted
    await store.compactNow();
    await expectTierMatches(all, 'press-1/temperature', '1m', MIN);
    await expectTierMatches(all, 'press-1/temperature', '1h', H);
  });

  it('stores a reading once however often it arrives', async () => {
    const all = dataset();
    const first = await store.append(all);
    expect(first).toEqual({ stored: all.length, duplicates: 0 });
    await store.compactNow();
    const again = await store.append(all.slice(0, 500));
    expect(again).toEqual({ stored: 0, duplicates: 500 });
    const inBatch = await store.append([reading('new/x', T0, 1), reading('new/x', T0, 2), reading('new/x', T0, 3)]);
    expect(inBatch).toEqual({ stored: 1, duplicates: 2 });
    const counts = await store.countBySeries();
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(all.length + 1);
  });

  it('downsamples raw data keeping each bucket’s minimum and maximum, so a spike survives', async () => {
    const all = dataset().filter((r) => r.deviceId === 'oven-2');
    const spikeAt = T0 + 3 * H + 17_123;
    all.push(reading('oven-2/temperature', spikeAt, 999.5));
    await store.append(all.sort((a, b) => a.ts - b.ts));
    const from = T0;
    const to = T0 + 5 * H;
    const [got] = await store.query(['oven-2/temperature'], from, to, 100, 'raw');
    expect(got!.ts.length).toBeLessThanOrEqual(100);
    expect(got!.bucketMs).toBeGreaterThan(0);
    const expected = expectedBuckets(all, got!.bucketMs, from);
    got!.ts.forEach((t, i) => {
      const e =
        got!.count[i] === 1
          ? expected.get(from + Math.floor((t - from) / got!.bucketMs) * got!.bucketMs)!
          : expected.get(t)!;
      expect(got!.min[i]).toBe(e.min);
      expect(got!.max[i]).toBe(e.max);
    });
    expect(Math.max(...got!.max)).toBe(999.5);
  });

  it('answers short ranges with the readings themselves and picks rollups for long ones', async () => {
    await store.append(dataset());
    const [short] = await store.query(['press-1/pressure'], T0 + H, T0 + H + 10 * MIN, 1000);
    expect(short!.tier).toBe('raw');
    expect(short!.bucketMs).toBe(0);
    expect(short!.ts.every((t) => t >= T0 + H && t <= T0 + H + 10 * MIN)).toBe(true);
    const [month] = await store.query(['press-1/pressure'], T0 - 29 * D, T0 + D, 1000);
    expect(month!.tier).toBe('1m');
    expect(month!.ts.length).toBeLessThanOrEqual(1000);
    const [year] = await store.query(['press-1/pressure'], T0 - 364 * D, T0 + D, 1000);
    expect(year!.tier).toBe('1h');
  });

  it('returns an empty series for a range with no data or an unknown series', async () => {
    await store.append(dataset());
    const [empty, unknown] = await store.query(['press-1/pressure', 'nowhere/none'], T0 - 10 * D, T0 - 9 * D, 500);
    expect(empty).toMatchObject({ series: 'press-1/pressure', ts: [], value: [] });
    expect(unknown).toMatchObject({ series: 'nowhere/none', ts: [], value: [] });
    const stats = await store.stats('press-1/pressure', T0 - 10 * D, T0 - 9 * D);
    expect(stats).toMatchObject({ count: 0, min: null, direction: null });
  });

  it('computes range statistics and the direction of the trend', async () => {
    const rand = seeded(3);
    const rows: Reading[] = [];
    for (let i = 0; i < 600; i++) {
      const ts = T0 + i * 30_000;
      rows.push(reading('tank/level', ts, 10 + i * 0.05 + rand()));
      rows.push(reading('tank/noise', ts, 50 + rand() * 4));
      rows.push(reading('tank/drain', ts, 90 - i * 0.1 + rand()));
    }
    await store.append(rows);
    const span = [T0, T0 + 600 * 30_000] as const;
    const level = await store.stats('tank/level', ...span);
    const values = rows.filter((r) => r.signal === 'level').map((r) => r.value);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    expect(level).toMatchObject({
      count: 600,
      min: Math.min(...values),
      max: Math.max(...values),
      direction: 'increasing',
    });
    expect(level.avg!).toBeCloseTo(mean, 9);
    expect(level.stddev!).toBeCloseTo(sd, 9);
    expect(level.slopePerHour!).toBeCloseTo(0.05 * 120, 0); // 0.05 per 30 s
    expect((await store.stats('tank/noise', ...span)).direction).toBe('stable');
    expect((await store.stats('tank/drain', ...span)).direction).toBe('decreasing');
    // over a long range the answer comes from rollups and agrees
    await store.compactNow();
    const long = await store.stats('tank/level', T0 - 60 * D, T0 + D);
    expect(long.tier).not.toBe('raw');
    expect(long.count).toBe(600);
    expect(long.avg!).toBeCloseTo(mean, 9);
    expect(long.stddev!).toBeCloseTo(sd, 6);
    expect(long.direction).toBe('increasing');
  });
});

describe('historian retention, export and backup', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const now = Date.parse('2026-11-22T00:00:00Z');

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('deletes exactly what is past each tier’s retention, archiving raw rows first', async () => {
    const archive = join(dir.path, 'archive');
    const store = await openHistory(
      join(dir.path, 'db'),
      { retention: { rawDays: 90, minuteDays: 365, hourDays: null, dayDays: null, archiveDir: archive } },
      () => now,
    );
    try {
      const cutoff = now - 90 * D;
      const ages = [400 * D, 366 * D, 91 * D, 90 * D + 1, 90 * D, 90 * D - 1, 30 * D, 1000];
      await store.append(ages.map((age) => reading('old/x', now - age, age / D)));
      await store.compactNow();
      const result = await store.runRetention(now);
      // strictly older than the cutoff goes; the cutoff instant itself and newer stay
      const counts = await store.countBySeries();
      expect(counts.get('old/x')).toBe(ages.filter((a) => now - a >= cutoff).length);
      const edge = await store.query(['old/x'], cutoff - 1000, cutoff + 1000, 20_000, 'raw');
      expect(edge[0]!.ts).toEqual([cutoff, cutoff + 1]);
      expect(result.deleted.raw).toBe(4);
      expect(result.archived).toBe(4);
      // minute rollups older than a year went; hourly ones are kept forever
      const minute = await store.query(['old/x'], 0, now, 20_000, '1m');
      expect(minute[0]!.ts.every((t) => t >= now - 365 * D - MIN)).toBe(true);
      expect(minute[0]!.count.reduce((a, b) => a + b, 0)).toBe(6);
      const hour = await store.query(['old/x'], 0, now, 20_000, '1h');
      expect(hour[0]!.count.reduce((a, b) => a + b, 0)).toBe(8);
      // the archive holds the deleted rows in the lake layout
      expect(readdirSync(archive).some((d) => d.startsWith('date='))).toBe(true);
      const db = await (await DuckDBInstance.create(':memory:')).connect();
      const rows = (
        await db.runAndReadAll(
          `SELECT count(*)::DOUBLE FROM read_parquet('${archive}/**/*.parquet', hive_partitioning = true) WHERE device = 'old'`,
        )
      ).getRowsJS();
      expect(rows[0]![0]).toBe(4);
    } finally {
      await store.stop();
    }
  });

  it('exports a lake and imports it back without changing anything', async () => {
    const source = await openHistory(join(dir.path, 'a'), {}, () => now);
    const target = await openHistory(join(dir.path, 'b'), {}, () => now);
    try {
      const all = dataset(11);
      all.push(reading('press-1/pressure', T0 + 7 * H, -0.000123, 'uncertain'));
      await source.append(all);
      await source.compactNow();
      const lake = join(dir.path, 'lake');
      const written = await source.exportLake(lake, 0, now, () => {});
      expect(written).toBe(all.length);
      const dates = readdirSync(lake);
      expect(dates.every((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      expect(readdirSync(join(lake, dates[0]!)).sort()).toEqual(['device=oven-2', 'device=press-1']);

      const first = await target.importLake(lake, () => {});
      expect(first).toEqual({ imported: all.length, duplicates: 0 });
      // Compacted at once, well under compactRows: not left for the 5-minute timer (issue 20).
      await waitFor(() => target.hotRows === 0, { what: 'the imported rows compacted', timeoutMs: 10_000 });
      const again = await target.importLake(lake, () => {});
      expect(again).toEqual({ imported: 0, duplicates: all.length });

      for (const series of ['press-1/pressure', 'press-1/temperature', 'oven-2/temperature']) {
        const [a] = await source.query([series], T0 - H, T0 + 8 * H, 20_000, 'raw');
        const [b] = await target.query([series], T0 - H, T0 + 8 * H, 20_000, 'raw');
        expect(a!.bucketMs).toBe(0);
        expect(b!.ts).toEqual(a!.ts);
        expect(b!.value).toEqual(a!.value);
        expect(b!.count).toEqual(a!.count);
      }
      const exportedA = join(dir.path, 'a.csv');
      const exportedB = join(dir.path, 'b.csv');
      const sel = {
        series: ['press-1/pressure', 'oven-2/temperature'],
        from: 0,
        to: now,
        tier: 'raw' as const,
        format: 'csv' as const,
      };
      await source.exportSelection(sel, exportedA, () => {});
      await target.exportSelection(sel, exportedB, () => {});
      expect(readFileSync(exportedB, 'utf8')).toBe(readFileSync(exportedA, 'utf8'));
    } finally {
      await source.stop();
      await target.stop();
    }
  });

  it('exports a selection as CSV with progress, and as Parquet that DuckDB reads back', async () => {
    const store = await openHistory(join(dir.path, 'db'), {}, () => now);
    try {
      const all = dataset(5);
      await store.append(all);
      const progress: number[] = [];
      const file = join(dir.path, 'out.csv');
      const rows = await store.exportSelection(
        { series: ['oven-2/temperature'], from: T0, to: T0 + 6 * H, tier: 'raw', format: 'csv' },
        file,
        (f) => progress.push(f),
      );
      const mine = all.filter((r) => r.deviceId === 'oven-2');
      expect(rows).toBe(mine.length);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('device,signal,timestamp,value,quality,bad_data_label,corrected_value');
      expect(lines).toHaveLength(mine.length + 1);
      expect(lines[1]).toContain('oven-2,temperature,');
      expect(progress.length).toBeGreaterThan(5);
      expect(progress.at(-1)).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));

      const pq = join(dir.path, 'hourly.parquet');
      await store.exportSelection(
        { series: ['oven-2/temperature'], from: T0, to: T0 + 6 * H, tier: '1h', format: 'parquet' },
        pq,
        () => {},
      );
      const db = await (await DuckDBInstance.create(':memory:')).connect();
      const back = (
        await db.runAndReadAll(`SELECT sum(count)::DOUBLE, max(max) FROM read_parquet('${pq}')`)
      ).getRowsJS();
      const good = mine.filter((r) => r.quality !== 'bad');
      expect(back[0]).toEqual([good.length, Math.max(...good.map((r) => r.value))]);
    } finally {
      await store.stop();
    }
  });

  it('backs up a consistent copy while readings keep arriving', async () => {
    const store = await openHistory(join(dir.path, 'db'), {}, () => now);
    const backupFile = join(dir.path, 'backup', 'history.duckdb');
    try {
      let ts = T0;
      let writing = true;
      const writer = (async () => {
        while (writing) {
          const batch: Reading[] = [];
          for (let i = 0; i < 500; i++) batch.push(reading('live/x', (ts += 1000), i));
          await store.append(batch);
          await new Promise((r) => setImmediate(r)); // let I/O in, as a live source would
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      mkdirSync(join(dir.path, 'backup'));
      await store.backupTo(backupFile);
      writing = false;
      await writer;
      expect(existsSync(backupFile)).toBe(true);
      const copy = await (await DuckDBInstance.create(backupFile)).connect();
      const [n, maxTs, minTs] = (
        await copy.runAndReadAll(
          'SELECT count(*)::DOUBLE, max(ts)::DOUBLE, min(ts)::DOUBLE FROM (SELECT ts FROM readings UNION ALL SELECT ts FROM readings_hot)',
        )
      ).getRowsJS()[0] as [number, number, number];
      // a snapshot: every reading up to its newest one, none missing in between
      expect(n).toBeGreaterThan(0);
      expect((maxTs - minTs) / 1000 + 1).toBe(n);
      copy.closeSync();
    } finally {
      await store.stop();
    }
  });
});
