// Analytics against a real engine (issue 16, point 5): the heatmap contract (a signal's hourly
// averages from the rollups, alarm counts from the alarm journal) and the three REST routes —
// GET /api/analytics/summary, GET /api/status and PUT /api/devices/:id/config — with their
// roles, the audit entry of a saved configuration, 400 for a bad body with nothing changed and
// 404 for an unknown device. Past readings and a live alarm arrive over HTTP ingest.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import type { AnalyticsSummary, Heatmap } from '../../src/shared/contract';
import type { Device, DeviceInput } from '../../src/shared/domain';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { invokeRequest } from '../../src/shared/rpc/server';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import type { Envelope } from '../support/rest-envelope';

const HOUR = 3_600_000;
const PASSWORD = 'a long enough password';

function pressure(id: string, area: string): DeviceInput {
  return {
    id,
    name: `Press ${id}`,
    kind: 'pressure',
    location: area,
    area,
    signals: [{ key: 'pressure', unit: 'psi', normal: [10, 50], limits: { lo: 5, hi: 55 }, intervalMs: 60_000 }],
  } as DeviceInput;
}

describe('analytics over the contract and REST', () => {
  const dir = makeTempDir();
  let running: RunningServe;
  let now: number;
  const tokens: Record<string, string> = {};

  async function call<T>(role: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${running.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[role]}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  }

  beforeAll(async () => {
    running = await serveInProcess(join(dir.path, 'data'), {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: { mqtt: [] },
      devices: [pressure('press-a1', 'Line A'), pressure('press-a2', 'Line A'), pressure('press-b1', 'Line B')],
    });
    now = Date.now();
    // Three full hours before the current one: press-a1 reads 20, 21, 22 (two readings an hour,
    // averaging to that), press-a2 only in the middle hour, press-b1 never.
    const start = now - (now % HOUR) - 3 * HOUR;
    const batch = [0, 1, 2].flatMap((h) => [
      { deviceId: 'press-a1', sensorType: 'pressure', value: 19 + h, timestamp: start + h * HOUR + 60_000 },
      { deviceId: 'press-a1', sensorType: 'pressure', value: 21 + h, timestamp: start + h * HOUR + 120_000 },
    ]);
    batch.push({ deviceId: 'press-a2', sensorType: 'pressure', value: 40, timestamp: start + HOUR + 5_000 });
    const ingest = await fetch(`${running.server.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    expect(ingest.status).toBe(202);
    // A live reading past the high limit raises an alarm on press-a2 now.
    const live = await fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'press-a2', sensorType: 'pressure', value: 70, timestamp: Date.now() }),
    });
    expect(live.status).toBe(202);
    await waitFor(() => running.engine.services.alarmStore.list({ limit: 10 }).length > 0, {
      what: 'the alarm on press-a2',
      timeoutMs: 10_000,
    });
    for (const [name, role] of [
      ['vera', 'viewer'],
      ['olga', 'operator'],
      ['emil', 'engineer'],
    ] as const) {
      await running.engine.access.createUser({ name, displayName: null, role, areas: null, password: PASSWORD });
      const res = await fetch(`${running.server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: name, password: PASSWORD }),
      });
      tokens[role] = ((await res.json()) as { data: { token: string } }).data.token;
    }
  }, 30_000);

  afterAll(async () => {
    await running?.stop();
    dir.remove();
  });

  it('draws a signal as hourly averages, one flat row per device that has it', async () => {
    const from = now - (now % HOUR) - 3 * HOUR;
    const heatmap = (await invokeRequest(
      running.engine.handlers(),
      'analytics.heatmap',
      { measure: 'signal', signal: 'pressure', from, to: now, bucket: 'hour' },
      IN_PROCESS,
    )) as Heatmap;
    expect(heatmap.devices).toEqual(['press-a1', 'press-a2', 'press-b1']);
    expect(heatmap.buckets).toEqual([from, from + HOUR, from + 2 * HOUR, from + 3 * HOUR]);
    expect(heatmap.unit).toBe('psi');
    const row = (d: number) => heatmap.values.slice(d * 4, d * 4 + 4);
    expect(row(0).slice(0, 3)).toEqual([20, 21, 22]);
    expect(row(1)[1]).toBe(40);
    expect(row(1)[0]).toBeNull();
    expect(row(2).slice(0, 3)).toEqual([null, null, null]);
    expect(heatmap.min).toBe(20);
  });

  it('counts alarms by device and hour from the journal, by area', async () => {
    const heatmap = (await invokeRequest(
      running.engine.handlers(),
      'analytics.heatmap',
      { measure: 'alarms', area: 'Line A', from: now - 2 * HOUR, to: Date.now(), bucket: 'hour' },
      IN_PROCESS,
    )) as Heatmap;
    expect(heatmap.devices).toEqual(['press-a1', 'press-a2']);
    const n = heatmap.buckets.length;
    expect(heatmap.values.slice(0, n).every((v) => v === 0)).toBe(true);
    expect(heatmap.values[2 * n - 1]).toBe(1); // press-a2, the current hour
    expect(heatmap.max).toBe(1);
  });

  it('refuses a heatmap of a signal without one, and a range of too many buckets', async () => {
    const h = running.engine.handlers();
    await expect(
      invokeRequest(h, 'analytics.heatmap', { measure: 'signal', from: 0, to: HOUR }, IN_PROCESS),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      invokeRequest(
        h,
        'analytics.heatmap',
        { measure: 'alarms', from: 0, to: 3000 * HOUR, bucket: 'hour' },
        IN_PROCESS,
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('GET /api/analytics/summary: alarms, readings, availability and worst status per device and area', async () => {
    const from = now - (now % HOUR) - 3 * HOUR;
    const { status, body } = await call<AnalyticsSummary>('viewer', 'GET', `/api/analytics/summary?from=${from}`);
    expect(status).toBe(200);
    if (!body.success) throw new Error(body.error.message);
    const byId = new Map(body.data.devices.map((d) => [d.id, d]));
    expect(byId.get('press-a1')!.readings).toBe(6);
    expect(byId.get('press-a2')!.alarms.total).toBe(1);
    expect(byId.get('press-a2')!.status.level).toBe('alarm');
    expect(byId.get('press-b1')!.readings).toBe(0);
    expect(byId.get('press-b1')!.status.level).toBe('offline');
    // a1 reported in 3 of the 4 hours up to now.
    expect(byId.get('press-a1')!.availability).toBeCloseTo(3 / 4);
    const lineA = body.data.areas.find((a) => a.area === 'Line A')!;
    expect(lineA).toMatchObject({ devices: 2, readings: 8, worst: { deviceId: 'press-a2', level: 'alarm' } });
    expect(body.data.totals.alarms.total).toBe(1);

    const bad = await call('viewer', 'GET', '/api/analytics/summary?from=yesterday');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('"from"');
    const both = await call('viewer', 'GET', '/api/analytics/summary?area=Line%20A&kind=pressure');
    expect(both.status).toBe(400);
    const typo = await call('viewer', 'GET', '/api/analytics/summary?devices=press-a1');
    expect(typo.status).toBe(400);
  });

  it('GET /api/status: engine, sources, storage, alarms by priority and devices', async () => {
    const { status, body } = await call<{
      engine: { status: string };
      sources: unknown[];
      storage: { historyBytes: number };
      alarms: { open: number; byPriority: Record<string, number> };
      devices: { total: number; online: number; offline: number; stale: number };
    }>('viewer', 'GET', '/api/status');
    expect(status).toBe(200);
    if (!body.success) throw new Error(body.error.message);
    expect(['ok', 'degraded']).toContain(body.data.engine.status);
    expect(Array.isArray(body.data.sources)).toBe(true);
    expect(body.data.storage.historyBytes).toBeGreaterThan(0);
    expect(body.data.alarms.open).toBe(1);
    expect(Object.values(body.data.alarms.byPriority).reduce((a, b) => a + b, 0)).toBe(1);
    expect(body.data.devices).toMatchObject({ total: 3, online: 1, offline: 2, stale: 0 });
    const anonymous = await fetch(`${running.server.url}/api/status`);
    expect(anonymous.status).toBe(401);
  });

  it('PUT /api/devices/:id/config saves like Settings → Sources, for engineers, audited', async () => {
    const path = '/api/devices/press-b1/config';
    const changed = { ...pressure('press-b1', 'Line B'), name: 'Press B1 (rebuilt)' };
    expect((await call('viewer', 'PUT', path, changed)).status).toBe(403);
    expect((await call('operator', 'PUT', path, changed)).status).toBe(403);

    const ok = await call<Device>('engineer', 'PUT', path, changed);
    expect(ok.status).toBe(200);
    if (!ok.body.success) throw new Error(ok.body.error.message);
    expect(ok.body.data).toMatchObject({ id: 'press-b1', name: 'Press B1 (rebuilt)' });
    expect(running.engine.services.registry.get('press-b1')!.name).toBe('Press B1 (rebuilt)');
    const [entry] = running.engine.services.auditLog.list({ limit: 1 }).items;
    expect(entry).toMatchObject({ actor: 'emil', role: 'engineer', action: 'sources.save', outcome: 'ok' });

    // The session cookie alone does not carry a write (a page of another site could send it).
    const cookieOnly = await fetch(`${running.server.url}${path}`, {
      method: 'PUT',
      headers: { cookie: `watchfloor_session=${tokens.engineer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...changed, name: 'by cookie' }),
    });
    expect(cookieOnly.status).toBe(403);
    expect(running.engine.services.registry.get('press-b1')!.name).toBe('Press B1 (rebuilt)');
  });

  it('PUT /api/devices/:id/config: a bad body is 400 naming the field, and nothing changes', async () => {
    const path = '/api/devices/press-a1/config';
    const before = running.engine.services.registry.get('press-a1');
    const auditBefore = running.engine.services.auditLog.list({ limit: 1 }).total;
    const bad = { ...pressure('press-a1', 'Line A'), signals: [{ key: 'pressure', unit: 'psi', intervalMs: -5 }] };
    const r = await call('engineer', 'PUT', path, bad);
    expect(r.status).toBe(400);
    if (r.body.success) throw new Error('accepted');
    expect(r.body.error.message).toMatch(/^"signals\.0\.intervalMs": /);
    expect(running.engine.services.registry.get('press-a1')).toEqual(before);
    // The refusal itself is on the trail; the device's settings are not.
    const settings = (await invokeRequest(running.engine.handlers(), 'sources.settings', {}, IN_PROCESS)) as {
      devices: { id: string; name: string }[];
    };
    expect(settings.devices.find((d) => d.id === 'press-a1')!.name).toBe('Press press-a1');
    expect(running.engine.services.auditLog.list({ limit: 1 }).total).toBeGreaterThanOrEqual(auditBefore);

    const otherId = await call('engineer', 'PUT', path, { ...pressure('press-zz', 'Line A') });
    expect(otherId.status).toBe(400);
    const unknown = await call('engineer', 'PUT', '/api/devices/press-zz/config', pressure('press-zz', 'Line A'));
    expect(unknown.status).toBe(404);
    expect(running.engine.services.registry.get('press-zz')).toBeUndefined();
  });
});
