// The REST API against a real engine and HTTP server, fed by the simulator: envelopes and meta,
// device lookups, current values, history and trends, parameter errors that name the parameter,
// 404/405 for wrong paths and methods, and export downloads that cannot leave their folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import type { Job, SeriesPoints, SeriesStats } from '../../src/shared/contract';
import type { Device, Reading } from '../../src/shared/domain';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import type { Envelope } from '../support/rest-envelope';

describe('REST API', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataDir: string;
  let running: RunningServe;
  let startedAt: number;

  async function get<T>(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: Envelope<T>; res: Response }> {
    const res = await fetch(`${running.server.url}${path}`, init);
    return { status: res.status, body: (await res.json()) as Envelope<T>, res };
  }

  async function data<T>(path: string): Promise<{ data: T; meta: Record<string, unknown> }> {
    const { status, body } = await get<T>(path);
    if (!body.success) throw new Error(`${path} answered ${status}: ${body.error.code} ${body.error.message}`);
    expect(status).toBe(200);
    return body;
  }

  async function failure(path: string, status: number, code: string, init?: RequestInit) {
    const r = await get(path, init);
    expect(r.status, path).toBe(status);
    expect(r.body.success).toBe(false);
    if (r.body.success) throw new Error('unreachable');
    expect(r.body.error.code).toBe(code);
    expect(JSON.stringify(r.body)).not.toContain('    at '); // no stack traces
    return { error: r.body.error, res: r.res };
  }

  beforeAll(async () => {
    dir = makeTempDir();
    dataDir = join(dir.path, 'data');
    startedAt = Date.now();
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir },
          {
            server: { port: 0 },
            broker: { port: 0 },
            simulator: { seed: 42, anomalyRate: 0 },
            detection: { kindDefaults: false },
          },
        ),
      ),
      rendererDir: join(dir.path, 'no-renderer'),
      version: 'test',
      log: () => {},
    });
    // device-003 reports every second: a few seconds give it enough points to downsample.
    await waitFor(
      async () => (await running.engine.services.history.countBySeries()).get('device-003/vibration')! >= 4,
      {
        what: 'four stored vibration readings',
        timeoutMs: 15_000,
      },
    );
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('lists the fleet in an envelope with a count', async () => {
    const { data: devices, meta } = await data<Device[]>('/api/devices');
    expect(devices.map((d) => d.id)).toEqual(['device-001', 'device-002', 'device-003', 'device-004', 'device-005']);
    expect(meta).toEqual({ count: 5, unconfigured: 0 });
  });

  it('returns one device, and a 404 envelope for an unknown one', async () => {
    const { data: device } = await data<Device>('/api/devices/device-001');
    expect(device).toMatchObject({ id: 'device-001', signals: [expect.objectContaining({ key: 'temperature' })] });
    const { error } = await failure('/api/devices/no-such-device', 404, 'NOT_FOUND');
    expect(error.message).toContain('no-such-device');
  });

  it("returns a device's current value per signal", async () => {
    const { data: readings, meta } = await data<Reading[]>('/api/devices/device-001/current');
    expect(readings).toEqual([
      expect.objectContaining({ deviceId: 'device-001', signal: 'temperature', quality: 'good' }),
    ]);
    expect(readings[0]!.ts).toBeGreaterThanOrEqual(startedAt);
    expect(meta).toMatchObject({ deviceId: 'device-001', count: 1 });
    await failure('/api/devices/no-such-device/current', 404, 'NOT_FOUND');
  });

  it('returns history within [from, to] and at most `limit` points per series', async () => {
    const from = new Date(startedAt - 1000).toISOString();
    const to = Date.now();
    const { data: series, meta } = await data<SeriesPoints[]>(
      `/api/devices/device-003/history?from=${encodeURIComponent(from)}&to=${to}&limit=2`,
    );
    expect(series.map((s) => s.series)).toEqual(['device-003/vibration']);
    const s = series[0]!;
    expect(s.ts.length).toBeGreaterThan(0);
    expect(s.ts.length).toBeLessThanOrEqual(2);
    for (const t of s.ts) {
      expect(t).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(t).toBeLessThanOrEqual(to);
    }
    expect(meta).toMatchObject({
      deviceId: 'device-003',
      from: startedAt - 1000,
      to,
      limit: 2,
      tiers: { 'device-003/vibration': s.tier },
      points: s.ts.length,
    });
  });

  it('defaults history to the last 24 hours, and selects one signal with `signal=`', async () => {
    const { data: series, meta } = await data<SeriesPoints[]>('/api/devices/device-001/history?signal=temperature');
    expect(series).toHaveLength(1);
    expect(series[0]!.ts.length).toBeGreaterThan(0);
    expect((meta.to as number) - (meta.from as number)).toBe(24 * 3600 * 1000);
    expect(meta.limit).toBe(1000);
    const { error } = await failure('/api/devices/device-001/history?signal=pressure', 404, 'NOT_FOUND');
    expect(error.message).toContain('"signal"');
  });

  it('answers 400 with a reason naming the parameter for bad history parameters', async () => {
    const base = '/api/devices/device-001/history';
    const cases: [string, string][] = [
      ['from=yesterday', '"from" is not a date or epoch milliseconds'],
      ['to=2024-02-30', '"to" is not a date or epoch milliseconds'],
      ['from=2000&to=1000', '"from" must not be after "to"'],
      ['limit=ten', '"limit" is not an integer'],
      ['limit=1', '"limit"'],
      ['limit=1000000', '"limit"'],
      ['tier=5m', '"tier"'],
      ['limt=5', 'unknown query parameter "limt"'],
      ['from=1&from=2', '"from" is given more than once'],
    ];
    for (const [query, reason] of cases) {
      const { error } = await failure(`${base}?${query}`, 400, 'BAD_REQUEST');
      expect(error.message, query).toContain(reason);
    }
  });

  it('returns trend statistics with a direction for every signal', async () => {
    const { data: stats, meta } = await data<SeriesStats[]>(
      `/api/analytics/trends/device-003?from=${startedAt - 1000}`,
    );
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ series: 'device-003/vibration', from: startedAt - 1000 });
    expect(stats[0]!.count).toBeGreaterThanOrEqual(4);
    expect(['increasing', 'stable', 'decreasing']).toContain(stats[0]!.direction);
    for (const k of ['min', 'max', 'avg', 'stddev', 'slopePerHour'] as const)
      expect(typeof stats[0]![k]).toBe('number');
    expect(meta).toMatchObject({ deviceId: 'device-003', count: 1 });
    await failure('/api/analytics/trends/no-such-device', 404, 'NOT_FOUND');
    const { error } = await failure('/api/analytics/trends/device-003?to=soon', 400, 'BAD_REQUEST');
    expect(error.message).toContain('"to"');
  });

  it('returns dashboard and system metrics', async () => {
    const { data: dashboard } = await data<{ devices: { total: number }; readings: { total: number } }>(
      '/api/metrics/dashboard',
    );
    expect(dashboard.devices.total).toBe(5);
    expect(dashboard.readings.total).toBeGreaterThan(0);
    const { data: system } = await data<{ storage: { dataDir: string }; version: string }>('/api/metrics/system');
    expect(system).toMatchObject({ version: 'test', storage: { dataDir } });
  });

  it('answers 404 for an unknown path and 405 with `allow` for a wrong method', async () => {
    await failure('/api/nope', 404, 'UNKNOWN_METHOD');
    await failure('/api/devices/device-001/nope', 404, 'UNKNOWN_METHOD');
    const { res, error } = await failure('/api/devices', 405, 'UNKNOWN_METHOD', { method: 'POST' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(error.message).toContain('POST');
    const head = await fetch(`${running.server.url}/api/devices`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('downloads a finished export, and nothing outside the exports folder', async () => {
    mkdirSync(join(dataDir, 'exports'), { recursive: true });
    writeFileSync(join(dataDir, 'exports', 'sample.csv'), 'series,ts,value\ndevice-001/temperature,1,20\n');
    const res = await fetch(`${running.server.url}/api/exports/sample.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sample.csv"');
    expect(await res.text()).toBe('series,ts,value\ndevice-001/temperature,1,20\n');

    await failure('/api/exports/missing.csv', 404, 'NOT_FOUND');
    await failure('/api/exports/..%2Fstate.db', 404, 'NOT_FOUND');
    await failure('/api/exports/..%2F..%2Fetc%2Fpasswd', 404, 'NOT_FOUND');
    await failure('/api/exports/..', 404, 'UNKNOWN_METHOD'); // normalised away by the URL parser
    await failure('/api/exports/%2e%2e', 404, 'UNKNOWN_METHOD');
  });

  it('downloads what history.export wrote, by the name its job reports', async () => {
    const handlers = running.engine.handlers();
    const started = (await invokeRequest(
      handlers,
      'history.export',
      {
        series: ['device-001/temperature'],
        from: startedAt - 1000,
        to: Date.now(),
        format: 'csv',
      },
      IN_PROCESS,
    )) as Job;
    const job = await waitFor(
      async () => {
        const j = (await invokeRequest(handlers, 'jobs.get', { id: started.id }, IN_PROCESS)) as Job;
        return j.state === 'running' ? undefined : j;
      },
      { what: 'export job to finish' },
    );
    expect(job).toMatchObject({ state: 'done', error: null });
    expect(job.download).toMatch(/\.csv$/);
    const res = await fetch(`${running.server.url}/api/exports/${encodeURIComponent(job.download!)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toContain('device-001');
  });
});
