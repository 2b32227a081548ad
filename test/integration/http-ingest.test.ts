// HTTP ingest against a real engine and HTTP server: readings posted as JSON or CSV are answered
// 202 only once stored, bad rows come back by index with their reason and land in dead letters,
// and what is not ingest (too big, wrong type, no token, disabled) is refused before decoding.
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { makeTempDir } from '../support/temp-dir';

type Envelope =
  | {
      success: true;
      data: { accepted: number; rejected: { index?: number; reason: string }[] };
      meta: Record<string, unknown>;
    }
  | { success: false; error: { code: string; message: string; details?: Record<string, unknown> } };

const TOKEN = 'ingest-token-0123456789abcdef';
const MAX_BODY = 256 * 1024;

async function start(dir: string, patch: ConfigPatch): Promise<RunningServe> {
  const base = {
    server: { host: '127.0.0.1', port: 0 },
    broker: { embedded: false },
    sources: { mqtt: [] },
    simulator: { enabled: false },
    ingest: { autoRegister: true },
  };
  return serve({
    config: parseConfig(mergeConfig(mergeConfig({ dataDir: join(dir, 'data') }, base), patch)),
    rendererDir: join(dir, 'no-renderer'),
    version: 'test',
    log: () => {},
  });
}

function reading(deviceId: string, sensorType: string, value: unknown, ts = Date.now()) {
  return { deviceId, sensorType, value, timestamp: ts, unit: 'C' };
}

describe('HTTP ingest', () => {
  const dir = makeTempDir();
  let running: RunningServe;

  async function post(
    path: string,
    body: NonNullable<RequestInit['body']>,
    { type, ...init }: RequestInit & { type?: string } = {},
  ) {
    const headers = new Headers(init.headers);
    if (type !== undefined && !headers.has('content-type')) headers.set('content-type', type);
    const res = await fetch(`${running.server.url}${path}`, { method: 'POST', ...init, headers, body });
    return { status: res.status, body: (await res.json()) as Envelope, res };
  }
  const postJson = (path: string, value: unknown, init: RequestInit = {}) =>
    post(path, JSON.stringify(value), { type: 'application/json', ...init });

  async function stored(series: string): Promise<number> {
    return (await running.engine.services.history.countBySeries()).get(series) ?? 0;
  }

  beforeAll(async () => {
    running = await start(dir.path, { sources: { http: { maxBodyBytes: MAX_BODY, maxRows: 2000 } } });
  });

  afterAll(async () => {
    await running?.stop();
    dir.remove();
  });

  it('stores one reading and answers 202 once it is durable', async () => {
    const before = running.engine.services.pipeline.counters('http').messages;
    const { status, body } = await postJson('/ingest/realtime', reading('press-01', 'temperature', 71.5));
    expect(status).toBe(202);
    expect(body).toEqual({ success: true, data: { accepted: 1, rejected: [] }, meta: { rows: 1, rejected: 0 } });
    // No waiting: 202 means it is in history already.
    expect(await stored('press-01/temperature')).toBe(1);
    expect(running.engine.services.pipeline.counters('http').messages).toBe(before + 1);
    const current = await fetch(`${running.server.url}/api/devices/press-01/current`);
    expect(JSON.stringify(await current.json())).toContain('71.5');
  });

  it('stores a batch of 1000 readings', async () => {
    const now = Date.now();
    const batch = Array.from({ length: 1000 }, (_, i) => reading('line-2', 'flow', i, now - 1000 + i));
    const { status, body } = await postJson('/ingest/batch', batch);
    expect(status).toBe(202);
    expect(body).toMatchObject({ success: true, data: { accepted: 1000, rejected: [] }, meta: { rows: 1000 } });
    expect(await stored('line-2/flow')).toBe(1000);
  });

  it('takes one device with many signals as a batch', async () => {
    const { status, body } = await postJson('/ingest/batch', {
      deviceId: 'pump-7',
      timestamp: Date.now(),
      readings: [
        { sensorType: 'pressure', value: 2.1, unit: 'bar' },
        { sensorType: 'rpm', value: 1450 },
      ],
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({ data: { accepted: 2 } });
    expect(await stored('pump-7/rpm')).toBe(1);
  });

  it('refuses values beyond ±1e100 with the reason, and history keeps compacting the rest', async () => {
    const now = Date.now();
    // Two in one minute: their variance overflows a double, which would stop every compaction.
    const batch = [
      reading('furnace-9', 'temperature', 1e200, now - 3),
      reading('furnace-9', 'temperature', -1e200, now - 2),
      reading('furnace-9', 'temperature', 1250.5, now - 1),
    ];
    const { status, body } = await postJson('/ingest/batch', batch);
    expect(status).toBe(202);
    expect(body).toMatchObject({ data: { accepted: 1 } });
    const rejected = body.success ? body.data.rejected : [];
    expect(rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(rejected[0]!.reason).toContain('beyond ±1e100');
    expect(await running.engine.services.history.compactNow()).toBeGreaterThanOrEqual(1);
    expect(await stored('furnace-9/temperature')).toBe(1);
  });

  it('answers 202 with the index and reason of each bad row, stores the rest, dead-letters the bad ones', async () => {
    const deadBefore = running.engine.services.deadLetters.count;
    const now = Date.now();
    const batch = Array.from({ length: 10 }, (_, i) => reading('kiln-3', 'temperature', 800 + i, now - 10 + i));
    batch[2] = reading('kiln-3', 'temperature', 'hot');
    batch[5] = { ...reading('kiln-3', 'temperature', 1), deviceId: 'bad id!' };
    batch[7] = reading('kiln-3', 'temperature', 1, now + 86_400_000); // a clock a day ahead
    const { status, body } = await postJson('/ingest/batch', batch);
    expect(status).toBe(202);
    if (!body.success) throw new Error(body.error.message);
    expect(body.data.accepted).toBe(7);
    expect(body.meta).toMatchObject({ rows: 10, rejected: 3 });
    expect(body.data.rejected.map((r) => r.index)).toEqual([2, 5, 7]);
    expect(body.data.rejected[0]!.reason).toBe('"value" must be a number, got the string "hot"');
    expect(body.data.rejected[1]!.reason).toContain('"deviceId"');
    expect(body.data.rejected[2]!.reason).toContain('"timestamp"');
    expect(await stored('kiln-3/temperature')).toBe(7);
    // One dead letter for the request's three bad rows, which decode again as a batch.
    expect(running.engine.services.deadLetters.count).toBe(deadBefore + 1);
    const letter = running.engine.services.deadLetters.list(1)[0]!;
    expect(letter).toMatchObject({ source: 'http', origin: '127.0.0.1/ingest/batch', count: 3 });
    expect(letter.reason).toMatch(/^3 rejected; first: "value" must be a number, got the string "hot" \| "deviceId"/);
    expect(JSON.parse(letter.raw)).toEqual([batch[2], batch[5], batch[7]]);
  });

  it('answers 400 with the reasons when every row is rejected', async () => {
    const { status, body } = await postJson('/ingest/batch', [reading('x', 'y', null), reading('x', 'y', 'z')]);
    expect(status).toBe(400);
    if (body.success) throw new Error('expected a refusal');
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.details).toMatchObject({ refusal: 'REJECTED', accepted: 0, rows: 2 });
    expect((body.error.details!.rejected as { index: number }[]).map((r) => r.index)).toEqual([0, 1]);
  });

  it("answers 400 with the parser's reason for malformed JSON, and dead-letters it", async () => {
    const deadBefore = running.engine.services.deadLetters.count;
    const { status, body } = await post('/ingest/batch', '[{"deviceId": "a",', { type: 'application/json' });
    expect(status).toBe(400);
    if (body.success) throw new Error('expected a refusal');
    expect(body.error.message).toMatch(/^payload is not valid JSON: /);
    expect(running.engine.services.deadLetters.count).toBe(deadBefore + 1);
    expect(running.engine.services.deadLetters.list(1)[0]).toMatchObject({ source: 'http', raw: '[{"deviceId": "a",' });
  });

  it('refuses an array on /ingest/realtime and points to /ingest/batch', async () => {
    const { status, body } = await postJson('/ingest/realtime', [reading('a', 'b', 1)]);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('/ingest/batch');
  });

  it('refuses a body over maxBodyBytes with 413, declared or streamed, without reading it all', async () => {
    const big = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => reading('big', 'v', i)));
    expect(big.length).toBeGreaterThan(4 * MAX_BODY);
    const declared = await post('/ingest/batch', big, { type: 'application/json' });
    expect(declared.status).toBe(413);
    if (declared.body.success) throw new Error('expected a refusal');
    expect(declared.body.error.details).toMatchObject({ refusal: 'BODY_TOO_LARGE', limitBytes: MAX_BODY });

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.subarray(i, i + 16_384));
        controller.close();
      },
    });
    const streamed = await post('/ingest/batch', stream, {
      type: 'application/json',
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(streamed.status).toBe(413);
    expect(await stored('big/v')).toBe(0);
  });

  it('answers 413 and closes the connection while a declared-too-large upload is still coming', async () => {
    const socket = connect(running.server.port, '127.0.0.1');
    const answer: Buffer[] = [];
    socket.on('data', (c: Buffer) => answer.push(c));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const head = `POST /ingest/batch HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n`;
    socket.write(`${head}content-length: ${100 * MAX_BODY}\r\n\r\n[`);
    await closed; // the rest of the body never came
    expect(Buffer.concat(answer).toString('utf8')).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('cuts off a streamed upload soon after it passes the limit', async () => {
    const socket = connect(running.server.port, '127.0.0.1');
    socket.on('error', () => {}); // writing into a cut connection fails; that is the point
    const answer: Buffer[] = [];
    socket.on('data', (c: Buffer) => answer.push(c));
    let open = true;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    void closed.then(() => (open = false));
    const head = `POST /ingest/batch HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n`;
    socket.write(`${head}transfer-encoding: chunked\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    const ceiling = 256 * 1024 * 1024;
    let sent = 0;
    while (open && sent < ceiling) {
      if (!socket.write(frame)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      sent += piece.length;
    }
    await closed;
    expect(sent).toBeLessThan(ceiling);
    expect(Buffer.concat(answer).toString('utf8')).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('refuses more rows than maxRows with 413', async () => {
    const batch = Array.from({ length: 2001 }, (_, i) => [i]).map(([i]) => ({
      deviceId: 'r',
      sensorType: 's',
      value: i,
    }));
    const { status, body } = await postJson('/ingest/batch', batch);
    expect(status).toBe(413);
    if (body.success) throw new Error('expected a refusal');
    expect(body.error.details).toMatchObject({ refusal: 'TOO_MANY_ROWS', rows: 2001, limit: 2000 });
  });

  it('refuses a wrong content type with 415, and other methods and paths', async () => {
    const plain = await post('/ingest/batch', JSON.stringify([reading('a', 'b', 1)]), { type: 'text/plain' });
    expect(plain.status).toBe(415);
    const none = await post('/ingest/realtime', new Blob([JSON.stringify(reading('a', 'b', 1))]));
    expect(none.status).toBe(415);
    const csvAsJson = await post('/ingest/csv', 'deviceId,sensorType,value\na,b,1\n', { type: 'application/json' });
    expect(csvAsJson.status).toBe(415);
    const get = await fetch(`${running.server.url}/ingest/batch`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await post('/ingest/bulk', '[]', { type: 'application/json' })).status).toBe(404);
    expect((await post('/ingest/batch?dryRun=1', '[]', { type: 'application/json' })).status).toBe(400);
  });

  it('stores CSV whose header row names the columns', async () => {
    const t = Date.now();
    const csv = `deviceId,sensorType,value,timestamp,unit\nmixer-1,speed,120.5,${t - 2},rpm\nmixer-1,speed,121,${t - 1},rpm\n`;
    const { status, body } = await post('/ingest/csv', csv, { type: 'text/csv; charset=utf-8' });
    expect(status).toBe(202);
    expect(body).toEqual({ success: true, data: { accepted: 2, rejected: [] }, meta: { rows: 2, rejected: 0 } });
    expect(await stored('mixer-1/speed')).toBe(2);
  });

  it('maps CSV columns from the query, with another separator and no header', async () => {
    const t = Date.now();
    const csv = `${t - 1};oven-4;temperature;181,5\n${t};oven-4;temperature;182\n`;
    const { status, body } = await post('/ingest/csv?columns=timestamp,deviceId,sensorType,value&separator=;', csv, {
      type: 'text/csv',
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({ data: { accepted: 2 } });
    expect(await stored('oven-4/temperature')).toBe(2);
  });

  it('answers a ragged CSV row with its index and reason, and stores the others', async () => {
    const deadBefore = running.engine.services.deadLetters.count;
    const csv = 'deviceId,sensorType,value\nsilo-2,level,40\nsilo-2,level\nsilo-2,level,42\n';
    const { status, body } = await post('/ingest/csv', csv, { type: 'text/csv' });
    expect(status).toBe(202);
    if (!body.success) throw new Error(body.error.message);
    expect(body.data).toEqual({ accepted: 2, rejected: [{ index: 1, reason: 'row 2 has 2 fields, expected 3' }] });
    expect(running.engine.services.deadLetters.count).toBe(deadBefore + 1);
    expect(running.engine.services.deadLetters.list(1)[0]).toMatchObject({ source: 'http', raw: 'silo-2,level' });
  });

  it('refuses CSV query parameters that cannot map the columns, before reading the body', async () => {
    const lacking = await post('/ingest/csv?columns=deviceId,value', 'a,1\n', { type: 'text/csv' });
    expect(lacking.status).toBe(400);
    expect(JSON.stringify(lacking.body)).toContain('sensorType');
    expect((await post('/ingest/csv?header=false', 'a,b,1\n', { type: 'text/csv' })).status).toBe(400);
    expect((await post('/ingest/csv?separator=ab', 'a,b,1\n', { type: 'text/csv' })).status).toBe(400);
  });

  it('answers 503 and acknowledges nothing when history cannot write', async () => {
    const spy = vi.spyOn(running.engine.services.history, 'append').mockRejectedValueOnce(new Error('disk full'));
    try {
      const { status, body, res } = await postJson('/ingest/realtime', reading('tank-9', 'level', 3));
      expect(status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(body).toMatchObject({ success: false, error: { code: 'UNAVAILABLE' } });
    } finally {
      spy.mockRestore();
    }
    expect(await stored('tank-9/level')).toBe(0);
  });
});

describe('HTTP ingest with tokens', () => {
  const dir = makeTempDir();
  let running: RunningServe;

  beforeAll(async () => {
    running = await start(dir.path, { sources: { http: { tokens: [TOKEN, 'another-token-fedcba9876543210'] } } });
  });
  afterAll(async () => {
    await running?.stop();
    dir.remove();
  });

  const send = (authorization?: string) =>
    fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify(reading('auth-1', 'temperature', 20)),
    });

  it('answers 401 with WWW-Authenticate without the right bearer token, even from this machine', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const res = await send(auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as Envelope).success).toBe(false);
    }
    expect((await running.engine.services.history.countBySeries()).get('auth-1/temperature')).toBeUndefined();
  });

  it('answers 202 with a configured token', async () => {
    expect((await send(`Bearer ${TOKEN}`)).status).toBe(202);
    expect((await send('bearer another-token-fedcba9876543210')).status).toBe(202);
    expect((await running.engine.services.history.countBySeries()).get('auth-1/temperature')).toBe(2);
  });
});

describe('HTTP ingest disabled', () => {
  const dir = makeTempDir();
  let running: RunningServe;

  beforeAll(async () => {
    running = await start(dir.path, { sources: { http: { enabled: false } } });
  });
  afterAll(async () => {
    await running?.stop();
    dir.remove();
  });

  it('answers 404 on every ingest path', async () => {
    const res = await fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reading('off-1', 'temperature', 1)),
    });
    expect(res.status).toBe(404);
    expect(running.engine.services.pipeline.counters('http').messages).toBe(0);
  });
});
