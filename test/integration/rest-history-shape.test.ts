// GET /api/devices/:id/history?shape=columns against a real engine and HTTP server fed by the
// simulator: the same values as the default shape, column by column, for raw readings, for
// downsampled raw buckets and for a rollup tier; the default answer unchanged; a clear 400 for
// an unknown shape.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BucketColumns, ReadingColumns } from '../../src/main/server/rest/history-shape';
import type { RunningServe } from '../../src/main/server/serve';
import type { SeriesPoints } from '../../src/shared/contract';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import type { Envelope } from '../support/rest-envelope';

describe('REST history, columnar shape', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let startedAt: number;
  let to: number;

  async function get<T>(path: string): Promise<{ status: number; body: Envelope<T> }> {
    const res = await fetch(`${running.server.url}${path}`);
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  }
  async function data<T>(path: string): Promise<{ data: T; meta: Record<string, unknown> }> {
    const { status, body } = await get<T>(path);
    if (!body.success) throw new Error(`${path} answered ${status}: ${body.error.code} ${body.error.message}`);
    expect(status).toBe(200);
    return body;
  }
  /** The same query in both shapes. */
  async function both<C>(query: string) {
    const base = `/api/devices/device-003/history?from=${startedAt - 1000}&to=${to}&${query}`;
    const points = await data<SeriesPoints[]>(base);
    const columns = await data<C[]>(`${base}&shape=columns`);
    return { points, columns };
  }

  beforeAll(async () => {
    dir = makeTempDir();
    startedAt = Date.now();
    running = await serveInProcess(join(dir.path, 'data'), { simulator: { seed: 7, anomalyRate: 0 } });
    // device-003 reports every second: six readings to compare, and to bucket by two.
    await waitFor(
      async () => (await running.engine.services.history.countBySeries()).get('device-003/vibration')! >= 6,
      { what: 'six stored vibration readings', timeoutMs: 20_000 },
    );
    to = Date.now() - 1; // a closed window: later readings do not change the answers compared
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('answers raw readings as { t, v }: the default shape’s times and values, no min/max/count', async () => {
    const { points, columns } = await both<ReadingColumns>('tier=raw&limit=1000');
    const p = points.data[0]!;
    const c = columns.data[0]!;
    expect(p.bucketMs).toBe(0);
    expect(p.ts.length).toBeGreaterThanOrEqual(6);
    expect(c).toEqual({ series: 'device-003/vibration', tier: 'raw', bucketMs: 0, t: p.ts, v: p.value });
    // The default shape is what it was: one min, max and count per reading.
    expect(p.min).toEqual(p.value);
    expect(p.count.every((n) => n === 1)).toBe(true);
    expect(columns.meta).toMatchObject({ shape: 'columns', tiers: points.meta.tiers, points: p.ts.length });
    expect(points.meta.shape).toBe('points');
  });

  it('answers downsampled raw buckets as { t, mean, min, max, n } with the default shape’s figures', async () => {
    const { points, columns } = await both<BucketColumns>('tier=raw&limit=2');
    const p = points.data[0]!;
    const c = columns.data[0]!;
    expect(p.bucketMs).toBeGreaterThan(0);
    expect(p.count.some((n) => n > 1)).toBe(true);
    expect(c).toEqual({
      series: 'device-003/vibration',
      tier: 'raw',
      bucketMs: p.bucketMs,
      t: p.ts,
      mean: p.value,
      min: p.min,
      max: p.max,
      n: p.count,
    });
    expect(c.n.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
  });

  it('answers a rollup tier as buckets with the same figures as the default shape', async () => {
    const { points, columns } = await both<BucketColumns>('tier=1m&limit=1000');
    const p = points.data[0]!;
    const c = columns.data[0]!;
    expect(p.tier).toBe('1m');
    expect(p.ts.length).toBeGreaterThan(0);
    expect(c).toEqual({
      series: 'device-003/vibration',
      tier: '1m',
      bucketMs: 60_000,
      t: p.ts,
      mean: p.value,
      min: p.min,
      max: p.max,
      n: p.count,
    });
    expect(columns.meta.tiers).toEqual({ 'device-003/vibration': '1m' });
  });

  it('answers 400 naming the choices for an unknown shape, and for a repeated one', async () => {
    for (const [query, reason] of [
      ['shape=rows', '"shape" must be one of points, columns; got "rows"'],
      ['shape=columns&shape=points', '"shape" is given more than once'],
    ]) {
      const { status, body } = await get(`/api/devices/device-003/history?${query}`);
      expect(status, query).toBe(400);
      if (body.success) throw new Error(`${query} succeeded`);
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message, query).toContain(reason);
    }
  });
});
