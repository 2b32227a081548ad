// /api/annotations against a real engine and HTTP server: labels are made, listed with filters
// and pages, read with their history, changed and deleted with revisions (409 with the label as
// it is now on a stale one), exported as a download and imported from a file body — with 400
// envelopes that say what to fix.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import type { Annotation, AnnotationChange } from '../../src/shared/contract/annotations';
import { makeTempDir } from '../support/temp-dir';
import type { Envelope } from '../support/rest-envelope';

describe('REST /api/annotations', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  async function call<T>(method: string, path: string, body?: unknown) {
    const res = await fetch(`${running.server.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  }

  async function ok<T>(method: string, path: string, body?: unknown, status = 200) {
    const r = await call<T>(method, path, body);
    if (!r.body.success) throw new Error(`${path}: ${r.status} ${r.body.error.code} ${r.body.error.message}`);
    expect(r.status).toBe(status);
    return r.body;
  }

  async function fails(method: string, path: string, status: number, code: string, body?: unknown) {
    const r = await call(method, path, body);
    expect(r.status, `${method} ${path}`).toBe(status);
    if (r.body.success) throw new Error(`${path} succeeded`);
    expect(r.body.error.code).toBe(code);
    return r.body.error;
  }

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: join(dir.path, 'data') },
          { server: { port: 0 }, broker: { port: 0 }, simulator: { enabled: false } },
        ),
      ),
      rendererDir: join(dir.path, 'no-renderer'),
      version: 'test',
      log: (m) => {
        if (process.env.WATCHFLOOR_TEST_LOG) process.stderr.write(`[engine] ${m}\n`);
      },
    });
  });

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('creates, reads, changes and deletes a label with revisions', async () => {
    const made = await ok<Annotation>(
      'POST',
      '/api/annotations',
      {
        deviceId: 'device-002',
        signal: 'pressure',
        from: '2026-11-02T08:00:00Z',
        to: '2026-11-02T08:30:00.000Z',
        verdict: 'false-alarm',
        cause: 'Sensor fault',
        text: 'transmitter swapped',
      },
      201,
    );
    expect(made.data).toMatchObject({ author: 'local', revision: 1, from: Date.UTC(2026, 10, 2, 8) });
    const id = made.data.id;

    const changed = await ok<Annotation>('PATCH', `/api/annotations/${id}`, { revision: 1, verdict: 'bad-data' });
    expect(changed.data).toMatchObject({ revision: 2, verdict: 'bad-data' });
    const stale = await fails('PATCH', `/api/annotations/${id}`, 409, 'CONFLICT', { revision: 1, text: 'mine' });
    expect((stale.details as { current: Annotation }).current).toMatchObject({ revision: 2, verdict: 'bad-data' });

    const one = await ok<Annotation & { history: AnnotationChange[] }>('GET', `/api/annotations/${id}`);
    expect(one.data.history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(one.meta).toEqual({ changes: 2 });

    await fails('DELETE', `/api/annotations/${id}`, 400, 'BAD_REQUEST');
    await fails('DELETE', `/api/annotations/${id}?revision=1`, 409, 'CONFLICT');
    const deleted = await ok<Annotation>('DELETE', `/api/annotations/${id}?revision=2`);
    expect(deleted.data).toMatchObject({ deleted: true, revision: 3 });
    expect((await ok<Annotation[]>('GET', '/api/annotations')).data).toEqual([]);
    const withDeleted = await ok<Annotation[]>('GET', '/api/annotations?includeDeleted=true');
    expect(withDeleted.data.map((a) => a.id)).toEqual([id]);
    await fails('GET', '/api/annotations/nope', 404, 'NOT_FOUND');
  });

  it('says what is wrong with a request', async () => {
    const base = { deviceId: 'device-001', from: 1, to: 2, verdict: 'unsure' };
    const author = await fails('POST', '/api/annotations', 400, 'BAD_REQUEST', { ...base, author: 'someone' });
    expect(author.message).toContain('author');
    expect(
      (await fails('POST', '/api/annotations', 400, 'BAD_REQUEST', { ...base, verdict: 'meh' })).message,
    ).toContain('verdict');
    expect(
      (await fails('POST', '/api/annotations', 400, 'BAD_REQUEST', { ...base, signal: 'pressure' })).message,
    ).toContain('has no signal "pressure"');
    expect((await fails('GET', '/api/annotations?verdicts=great', 400, 'BAD_REQUEST')).message).toContain('verdicts');
    expect((await fails('GET', '/api/annotations?colour=red', 400, 'BAD_REQUEST')).message).toContain('colour');
    expect((await fails('GET', '/api/annotations/export?format=xml', 400, 'BAD_REQUEST')).message).toContain('csv');
  });

  it('lists with filters and pages, exports a download and imports a file body', async () => {
    for (let i = 0; i < 5; i++) {
      await ok(
        'POST',
        '/api/annotations',
        {
          deviceId: 'device-003',
          signal: i < 3 ? 'vibration' : '*',
          from: Date.UTC(2026, 10, 3, i),
          to: Date.UTC(2026, 10, 3, i, 30),
          verdict: i % 2 ? 'maintenance' : 'true-anomaly',
          text: i === 4 ? 'Bearing replaced, line "B", 2 techs' : `label ${i}`,
        },
        201,
      );
    }
    const page = await ok<Annotation[]>('GET', '/api/annotations?deviceId=device-003&limit=2');
    expect(page.meta).toMatchObject({ count: 2, total: 5 });
    const next = await ok<Annotation[]>(`GET`, `/api/annotations?deviceId=device-003&limit=2&cursor=${page.meta.next}`);
    expect(next.data.map((a) => a.from)).toEqual([Date.UTC(2026, 10, 3, 2), Date.UTC(2026, 10, 3, 1)]);
    const filtered = await ok<Annotation[]>(
      'GET',
      '/api/annotations?deviceId=device-003&verdicts=maintenance,true-anomaly&from=2026-11-03T02:10:00Z&q=bear',
    );
    expect(filtered.data.map((a) => a.text)).toEqual(['Bearing replaced, line "B", 2 techs']);

    const res = await fetch(`${running.server.url}/api/annotations/export?format=csv&deviceId=device-003`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="annotations-[0-9TZ-]+\.csv"$/);
    expect(res.headers.get('x-annotation-count')).toBe('5');
    const csv = await res.text();
    expect(csv.split('\r\n')).toHaveLength(7); // header, five rows, and the final line break
    expect(csv).toContain('"Bearing replaced, line ""B"", 2 techs"');

    // The same file imported back changes nothing; an edited copy updates one label and refuses a bad row.
    const same = await fetch(`${running.server.url}/api/annotations/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(((await same.json()) as Envelope<unknown>).success && same.status).toBe(200);
    const edited =
      csv.replace('label 0', 'label zero') + 'x,device-003/vibration,nope,2026-11-03T00:00:00.000Z,unsure\r\n';
    const r = await fetch(`${running.server.url}/api/annotations/import?format=csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: edited,
    });
    const loaded = (await r.json()) as Envelope<{
      created: number;
      updated: number;
      unchanged: number;
      rejected: unknown[];
    }>;
    if (!loaded.success) throw new Error(loaded.error.message);
    expect(loaded.data).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect(loaded.data.rejected).toEqual([{ line: 7, reason: expect.stringContaining('fields where the header has') }]);
    const json = await fetch(`${running.server.url}/api/annotations/export?format=json&q=zero`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await json.json()) as { text: string }[]).map((x) => x.text)).toEqual(['label zero']);
  });
});
