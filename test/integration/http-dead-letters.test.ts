// Every refusal of an HTTP ingest request leaves a dead letter with its reason — 400, 413 and 415
// alike, and the payloads that used to answer 500 — except a request without the right token,
// which must not be able to write into the engine's state. A refused CSV row keeps the columns
// and separator it was posted with, so it re-queues through the CSV decoder once the cause is
// fixed (it used to go through the JSON decoder and fail).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import type { RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { waitFor } from '../support/wait';

const TOKEN = 'token-0123456789abcdef';

/** No broker: these tests post over HTTP only. */
const start = (dir: string, patch: ConfigPatch) =>
  startServe(dir, mergeConfig({ broker: { embedded: false }, sources: { mqtt: [] } }, patch));

describe('HTTP ingest refusals', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    dir.remove();
  });

  const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
    fetch(`${running!.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });

  it('leaves a dead letter for every refusal after authentication, none for a wrong token', async () => {
    running = await start(dir.path, { sources: { http: { tokens: [TOKEN], maxBodyBytes: 100_000, maxRows: 5 } } });
    const engine = running.engine;
    const deep = `{"deviceId":"p","sensorType":"t","value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const answers = [
      await post('/ingest/batch', deep),
      await post('/ingest/realtime', '{"deviceId":"p","sensorType":"t","value":1,"timestamp":1e300}'),
      await post('/ingest/realtime', '[{"deviceId":"p","sensorType":"t","value":1}]'),
      await post('/ingest/batch', JSON.stringify(Array.from({ length: 6 }, () => ({ deviceId: 'p' })))),
      await post('/ingest/batch', 'x'.repeat(100_001)),
      await post('/ingest/batch', '{}', 'text/plain'),
      await post('/ingest/csv?color=red', 'a,b,1', 'text/csv'),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 413, 413, 415, 400]);
    expect((await post('/ingest/batch', '{}', 'application/json', { authorization: 'Bearer wrong' })).status).toBe(401);

    await waitFor(() => engine.services.deadLetters.count === 7, { what: 'seven dead letters' });
    await engine.services.pipeline.drain();
    expect(engine.services.deadLetters.count).toBe(7);
    const reasons = engine.services.deadLetters
      .list(10, 'http')
      .reverse()
      .map((d) => d.reason);
    expect(reasons[0]).toMatch(/nests arrays or objects deeper than 32 levels/);
    expect(reasons[1]).toMatch(/"timestamp" 1e\+300 is not a date/);
    expect(reasons[2]).toMatch(/takes one JSON object/);
    expect(reasons[3]).toMatch(/over the 5-reading limit/);
    expect(reasons[4]).toMatch(/^refused \(413\): request body is 100001 bytes, over the 100000-byte limit/);
    expect(reasons[5]).toMatch(/^refused \(415\)/);
    expect(reasons[6]).toMatch(/^refused \(400\): unknown query parameter "color"/);
    // A body refused unread is not kept: such a letter says so and cannot be re-queued.
    const unread = engine.services.deadLetters.list(10, 'http').find((d) => d.reason.startsWith('refused (413)'))!;
    expect(unread).toMatchObject({ size: 100_001, raw: '', truncated: true });
  });

  it('re-queues a refused CSV row through the CSV decoder, with the columns and separator it came with', async () => {
    // A future limit of one minute refuses a row an hour ahead (a device clock set wrong).
    // (The token is configured: a presented token is always judged, also from loopback.)
    running = await start(dir.path, { ingest: { maxFutureMs: 60_000 }, sources: { http: { tokens: [TOKEN] } } });
    const now = Date.now();
    const body = `sensorType;deviceId;value;timestamp\nflow;pump-4;1,5;${now - 1000}\nflow;pump-4;2,5;${now + 3_600_000}\n`;
    const res = await post('/ingest/csv?separator=;', body, 'text/csv');
    expect(res.status).toBe(202);
    const letter = running.engine.services.deadLetters.list(1)[0]!;
    expect(letter).toMatchObject({ source: 'http', count: 1, raw: `flow;pump-4;2,5;${now + 3_600_000}` });
    await running.stop();

    // The limit raised (and the engine restarted): the row goes through the CSV decoder again.
    running = await start(dir.path, { ingest: { maxFutureMs: 7 * 86_400_000 } });
    const client = contractClient(running.engine);
    expect(await client.request('deadLetters.requeue', { ids: [letter.id] })).toEqual([
      { id: letter.id, ok: true, reason: null },
    ]);
    const stored = await running.engine.services.history.countBySeries();
    expect(stored.get('pump-4/flow')).toBe(2);
    expect(running.engine.services.live.snapshot().find((r) => r.deviceId === 'pump-4')).toMatchObject({ value: 2.5 });
    client.close();
  });
});
