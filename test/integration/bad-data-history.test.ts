// Corrections in history, on real DuckDB files: a range labelled bad data leaves the 1m/1h/1d
// rollups and the range statistics while raw queries still return it; deleting the label puts
// it back and restoring takes it out again; compaction leaves out readings inside a live label;
// a label over readings whose raw rows have expired leaves the rollups as they are and says so;
// exports carry, per reading, its bad-data label and corrected value, and the Import view still
// reads the file (labels through an in-memory AnnotationIndex, test/support/label-index.ts).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import type { RollupRebuild } from '../../src/main/engine/history/rollup-rebuild';
import { buildPreview } from '../../src/main/engine/ingest/file-import/file-preview';
import { openImportSource } from '../../src/main/engine/ingest/file-import/import-source';
import type { Reading } from '../../src/shared/domain';
import { expectedBuckets, openHistory, reading } from '../support/history-fixture';
import { MemoryLabelIndex } from '../support/label-index';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const SERIES = 'press-1/pressure';
const OTHER = 'press-1/temperature';
/** The sensor fault: one minute of nonsense from 01:05. */
const SPIKE_FROM = T0 + H + 5 * MIN;
const SPIKE_TO = SPIKE_FROM + MIN - 1;

/** Three hours every 10 s on two series; pressure reads 500 during the fault. */
function dataset(): Reading[] {
  const out: Reading[] = [];
  for (let ts = T0; ts < T0 + 3 * H; ts += 10_000) {
    const inSpike = ts >= SPIKE_FROM && ts <= SPIKE_TO;
    out.push(reading(SERIES, ts, inSpike ? 500 : 40 + ((ts / 10_000) % 7)));
    out.push(reading(OTHER, ts, inSpike ? -300 : 60 + ((ts / 10_000) % 5)));
  }
  return out;
}

const of = (all: Reading[], series: string) => all.filter((r) => `${r.deviceId}/${r.signal}` === series);
const outside = (rs: Reading[], from: number, to: number) => rs.filter((r) => r.ts < from || r.ts > to);

describe('bad data in history', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistoryStore;
  let labels: MemoryLabelIndex;
  let rebuilds: RollupRebuild[];
  const logged: string[] = [];

  async function open(rawDays = 90) {
    store = await openHistory(
      dir.path,
      {
        log: (m) => logged.push(m),
        retention: { rawDays, minuteDays: 365, hourDays: null, dayDays: null, archiveDir: null },
      },
      () => T0 + 10 * D,
    );
    labels = new MemoryLabelIndex();
    rebuilds = [];
    store.labels.use(
      labels,
      (s, f, t) => labels.corrected(s, f, t),
      (r) => rebuilds.push(r),
    );
  }

  /** Waits for the rollup rebuild a label change started. */
  async function rebuilt(count: number): Promise<RollupRebuild> {
    await waitFor(() => rebuilds.length >= count, { what: `rollup rebuild ${count}` });
    return rebuilds[count - 1]!;
  }

  async function expectTier(readings: Reading[], series: string, tier: '1m' | '1h' | '1d', width: number) {
    const expected = expectedBuckets(readings, width);
    const [got] = await store.query([series], T0, T0 + 3 * H, 20_000, tier);
    expect(got!.ts.length).toBe(expected.size);
    got!.ts.forEach((b, i) => {
      const e = expected.get(b)!;
      expect(e, `${tier} bucket ${new Date(b).toISOString()}`).toBeDefined();
      expect(got!.count[i]).toBe(e.n);
      expect(got!.max[i]).toBe(e.max);
      expect(got!.min[i]).toBe(e.min);
      expect(got!.value[i]).toBeCloseTo(e.avg, 9);
    });
  }

  async function expectRollupsOf(readings: Reading[], series = SERIES) {
    await expectTier(readings, series, '1m', MIN);
    await expectTier(readings, series, '1h', H);
    await expectTier(readings, series, '1d', D);
  }

  beforeEach(() => {
    dir = makeTempDir();
    logged.length = 0;
  });
  afterEach(async () => {
    await store?.stop();
    dir.remove();
  });

  it('leaves a labelled spike out of rollups and statistics, keeps it in raw, and puts it back on delete', async () => {
    await open();
    const all = dataset();
    await store.append(all);
    await store.compactNow();
    const mine = of(all, SERIES);
    const clean = outside(mine, SPIKE_FROM, SPIKE_TO);
    await expectRollupsOf(mine);
    expect((await store.stats(SERIES, T0, T0 + 3 * H)).max).toBe(500);

    const label = labels.create({
      deviceId: 'press-1',
      signal: 'pressure',
      from: SPIKE_FROM,
      to: SPIKE_TO,
      verdict: 'bad-data',
    });
    const r = await rebuilt(1);
    expect(r).toMatchObject({
      labelId: label.id,
      series: [SERIES],
      rebuilt: ['1m', '1h', '1d'],
      kept: [],
      expired: false,
    });
    await expectRollupsOf(clean);
    // The other signal of the device is not labelled: its spike stays.
    await expectRollupsOf(of(all, OTHER), OTHER);
    for (const [from, to] of [
      [T0, T0 + 3 * H], // a tier from the rollups
      [T0 + H, T0 + H + 10 * MIN], // raw tier
    ] as const) {
      const stats = await store.stats(SERIES, from, to);
      const expected = clean.filter((x) => x.ts >= from && x.ts <= to);
      expect(stats.count).toBe(expected.length);
      expect(stats.max).toBe(Math.max(...expected.map((x) => x.value)));
    }
    const [raw] = await store.query([SERIES], SPIKE_FROM - MIN, SPIKE_TO + MIN, 20_000, 'raw');
    expect(raw!.value.filter((v) => v === 500)).toHaveLength(6);

    labels.delete(label.id);
    await rebuilt(2);
    await expectRollupsOf(mine);
    expect((await store.stats(SERIES, T0, T0 + 3 * H)).max).toBe(500);

    labels.restore(label.id);
    await rebuilt(3);
    await expectRollupsOf(clean);

    // Moving the range rebuilds both the old and the new buckets; a verdict changed away from bad data puts it all back.
    labels.update(label.id, { from: T0 + 2 * H, to: T0 + 2 * H + 30_000 });
    await rebuilt(4);
    await expectRollupsOf(outside(mine, T0 + 2 * H, T0 + 2 * H + 30_000));
    labels.update(label.id, { verdict: 'unsure' });
    await rebuilt(5);
    await expectRollupsOf(mine);
    // A text edit or a label of another verdict does not touch rollups.
    labels.update(label.id, { text: 'looked again' });
    labels.create({ deviceId: 'press-1', from: T0, to: T0 + H, verdict: 'maintenance' });
    expect(
      await store.labels.applyChange({ action: 'update', before: label, after: { ...label, text: 'x' } }),
    ).toBeNull();
    expect(rebuilds).toHaveLength(5);
  });

  it('takes a whole-device label out of every signal of the device', async () => {
    await open();
    const all = dataset();
    await store.append(all);
    await store.compactNow();
    labels.create({ deviceId: 'press-1', signal: '*', from: SPIKE_FROM, to: SPIKE_TO, verdict: 'bad-data' });
    expect((await rebuilt(1)).series).toEqual([SERIES, OTHER].sort());
    await expectRollupsOf(outside(of(all, SERIES), SPIKE_FROM, SPIKE_TO));
    await expectRollupsOf(outside(of(all, OTHER), SPIKE_FROM, SPIKE_TO), OTHER);
  });

  it('compacts new readings without those inside a live bad-data label (a fault labelled while it lasts)', async () => {
    await open();
    const all = dataset();
    const before = all.filter((r) => r.ts < SPIKE_FROM);
    await store.append(before);
    await store.compactNow();
    // The fault starts; the expert labels it open-ended while the readings are still hot.
    labels.create({ deviceId: 'press-1', signal: 'pressure', from: SPIKE_FROM, to: T0 + 10 * D, verdict: 'bad-data' });
    await rebuilt(1);
    const during = all.filter((r) => r.ts >= SPIKE_FROM && r.ts <= SPIKE_TO);
    await store.append(during);
    const mine = of(all, SERIES).filter((r) => r.ts <= SPIKE_TO);
    const clean = mine.filter((r) => r.ts < SPIKE_FROM);
    // Hot rows are merged into the answer without the labelled ones…
    await expectRollupsOf(clean);
    // …and compaction writes rollups without them.
    expect(await store.compactNow()).toBe(during.length);
    await expectRollupsOf(clean);
    const [raw] = await store.query([SERIES], SPIKE_FROM, SPIKE_TO, 20_000, 'raw');
    expect(raw!.value).toEqual(of(during, SERIES).map((r) => r.value));
  });

  it('leaves rollups as they are when the raw readings of the range have expired, and says so', async () => {
    await open(5); // raw readings kept 5 days: the data (10 days old) is past it
    const all = dataset();
    await store.append(all);
    await store.compactNow();
    labels.create({ deviceId: 'press-1', signal: 'pressure', from: SPIKE_FROM, to: SPIKE_TO, verdict: 'bad-data' });
    const r = await rebuilt(1);
    expect(r).toMatchObject({ expired: true, rebuilt: [], kept: ['1m', '1h', '1d'] });
    expect(r.message).toMatch(/retention/);
    expect(logged.some((m) => m.includes(r.message))).toBe(true);
    await expectRollupsOf(of(all, SERIES));
  });

  it('exports which readings are bad data and their corrected values, in files the Import view and DuckDB read', async () => {
    await open();
    const all = dataset();
    await store.append(all.filter((r) => r.ts < T0 + 2 * H));
    await store.compactNow();
    await store.append(all.filter((r) => r.ts >= T0 + 2 * H)); // some rows still hot
    const label = labels.create({
      deviceId: 'press-1',
      signal: 'pressure',
      from: SPIKE_FROM,
      to: SPIKE_TO,
      verdict: 'bad-data',
    });
    const fixes = [0, 1, 2].map((i) => ({ ts: SPIKE_FROM + i * 10_000, value: 44 + i }));
    labels.setCorrections(label.id, fixes);
    await rebuilt(1);

    const file = join(dir.path, 'out.csv');
    const sel = { series: [SERIES], from: T0, to: T0 + 3 * H, tier: 'raw' as const };
    const rows = await store.exportSelection({ ...sel, format: 'csv' }, file, () => {});
    const mine = of(all, SERIES);
    expect(rows).toBe(mine.length);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('device,signal,timestamp,value,quality,bad_data_label,corrected_value');
    const cells = lines.slice(1).map((l) => l.split(','));
    const labelled = cells.filter((c) => c[5] === label.id);
    expect(labelled.map((c) => Number(c[3]))).toEqual(Array(6).fill(500)); // the original values stay
    expect(labelled.map((c) => (c[6] === '' ? null : Number(c[6])))).toEqual([44, 45, 46, null, null, null]);
    expect(cells.filter((c) => c[5] === '' && c[6] === '')).toHaveLength(mine.length - 6);

    const parquet = join(dir.path, 'out.parquet');
    await store.exportSelection({ ...sel, format: 'parquet' }, parquet, () => {});
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const back = (
      await db.runAndReadAll(
        `SELECT count(*)::DOUBLE, count(bad_data_label)::DOUBLE, sum(corrected_value), max(value) FROM read_parquet('${parquet}')`,
      )
    ).getRowsJS();
    expect(back[0]).toEqual([mine.length, 6, 44 + 45 + 46, 500]);
    const cols = (await db.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`))
      .getRowsJS()
      .map(([c]) => c);
    expect(cols).toEqual(['device', 'signal', 'timestamp', 'value', 'quality', 'bad_data_label', 'corrected_value']);

    // Rollup-tier exports leave the bad data out, hot rows included.
    const hourly = join(dir.path, 'hourly.csv');
    await store.exportSelection({ ...sel, tier: '1h', format: 'csv' }, hourly, () => {});
    const maxes = readFileSync(hourly, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[6]));
    expect(maxes).toHaveLength(3);
    expect(Math.max(...maxes)).toBeLessThan(100);

    // The Import view reads both files as before: device, signal, timestamp and the original value.
    for (const exported of [file, parquet]) {
      const source = await openImportSource(exported, { sampleRows: 20 });
      try {
        const preview = buildPreview(source, undefined, true, {
          now: T0 + 10 * D,
          maxFutureMs: H,
          rawRetentionDays: null,
          refusal: () => null,
          knownDevice: () => undefined,
        });
        expect(preview.problems).toEqual([]);
        expect(preview.mapping).toMatchObject({
          deviceColumn: 'device',
          signalColumn: 'signal',
          value: 'value',
          timestamp: 'timestamp',
        });
        expect(preview.rows[0]!.readings[0]).toMatchObject({
          deviceId: 'press-1',
          signal: 'pressure',
          value: mine[0]!.value,
        });
      } finally {
        source.close();
      }
    }
  });
});
