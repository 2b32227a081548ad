// File import against a real engine (DuckDB history, SQLite dead letters): long and wide CSV
// files and a Parquet file end up in history with their values, importing the same file again
// stores nothing and counts every reading as a duplicate, bad rows go to dead letters named by
// file and line, and a browser's path — upload, preview, import — works over HTTP.
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import type { ImportSummary, ImportUpload, Job, ParamsIn } from '../../src/shared/contract';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

type Client = ReturnType<typeof contractClient>;

const S = 1000;
/** Two days ago, on a whole minute: history, well inside raw retention. */
const T0 = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
const iso = (ts: number) => new Date(ts).toISOString();

async function importFile(client: Client, params: ParamsIn<'import.start'>): Promise<ImportSummary> {
  const job = await client.request('import.start', params);
  const done = await waitFor(
    async () => {
      const j: Job = await client.request('jobs.get', { id: job.id });
      return j.state === 'running' ? undefined : j;
    },
    { what: `import job ${job.id}`, timeoutMs: 20_000 },
  );
  expect(done.error).toBeNull();
  expect(done.kind).toBe('import');
  return client.request('import.summary', { id: job.id });
}

async function rawValues(client: Client, series: string, from: number, to: number) {
  const [points] = await client.request('history.query', {
    series: [series],
    from,
    to,
    maxPoints: 20_000,
    tier: 'raw',
  });
  return { ts: points!.ts, value: points!.value };
}

describe('file import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: Client;
  const file = (name: string) => join(dir.path, name);

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(join(dir.path, 'data'), {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: { mqtt: [] },
    });
    client = contractClient(engine);
  });
  afterAll(async () => {
    client?.close();
    await engine?.stop();
    dir?.remove();
  });

  it('imports a long CSV with the guessed mapping, and skips every reading on the second import', async () => {
    const lines = ['device,signal,timestamp,value,unit,status'];
    for (let i = 0; i < 300; i++) {
      lines.push(`pump-${i % 3},flow,${iso(T0 + i * S)},${(i * 0.25).toFixed(2)},m3/h,${i === 7 ? 'fault' : 'ok'}`);
    }
    writeFileSync(file('long.csv'), `${lines.join('\n')}\n`);

    const preview = await client.request('import.preview', { path: file('long.csv') });
    expect(preview.format).toBe('csv');
    expect(preview.csv).toEqual({ separator: ',', header: true, encoding: 'utf-8' });
    expect(preview.problems).toEqual([]);
    expect(preview.mapping).toMatchObject({ deviceColumn: 'device', signalColumn: 'signal', value: 'value' });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toMatchObject({ row: 2, errors: [] });
    expect(preview.rows[7]!.readings[0]).toMatchObject({ deviceId: 'pump-1', value: 1.75, quality: 'bad' });

    // The device column names devices that are not registered: unconfirmed, none is created and their rows are refused.
    const refused = await importFile(client, { path: file('long.csv'), mapping: preview.mapping });
    expect(refused).toMatchObject({
      rows: 300,
      stored: 0,
      rejected: 300,
      refusedDevices: ['pump-0', 'pump-1', 'pump-2'],
    });
    await expect(client.request('devices.get', { id: 'pump-0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const letters = await client.request('deadLetters.list', { source: 'file', limit: 5 });
    expect(letters.items[0]?.reason).toMatch(/device "pump-\d" is not registered: add it in Settings → Sources/);

    const first = await importFile(client, { path: file('long.csv'), mapping: preview.mapping, createDevice: true });
    expect(first).toMatchObject({
      state: 'done',
      rows: 300,
      stored: 300,
      duplicates: 0,
      rejected: 0,
      refusedDevices: [],
    });
    expect((await engine.services.history.countBySeries()).get('pump-1/flow')).toBe(100);
    // Charts leave bad-quality readings out: row 7 (pump-1, "fault") is stored but not drawn.
    const pump1 = await rawValues(client, 'pump-1/flow', T0, T0 + 300 * S);
    expect(pump1.ts.slice(0, 3)).toEqual([T0 + S, T0 + 4 * S, T0 + 10 * S]);
    expect(pump1.value.slice(0, 3)).toEqual([0.25, 1, 2.5]);
    expect((await client.request('devices.get', { id: 'pump-2' })).signals[0]).toMatchObject({ key: 'flow' });

    // Registered now: no confirmation needed.
    const again = await importFile(client, { path: file('long.csv'), mapping: preview.mapping });
    expect(again).toMatchObject({ state: 'done', rows: 300, stored: 0, duplicates: 300, rejected: 0 });
    expect((await engine.services.history.countBySeries()).get('pump-1/flow')).toBe(100);
  });

  it('stores imported history without raising alarms or moving live screens', async () => {
    const live: string[] = [];
    client.subscribe('live.readings', {}, (e) => live.push(...e.readings.map((r) => r.deviceId)));
    // device-001 is configured with hi 85: these values would alarm if they were live
    const lines = ['device,signal,timestamp,value'];
    for (let i = 0; i < 20; i++) lines.push(`device-001,temperature,${iso(T0 + i * S)},${90 + i}`);
    writeFileSync(file('hot-oven.csv'), `${lines.join('\n')}\n`);
    const preview = await client.request('import.preview', { path: file('hot-oven.csv') });
    const done = await importFile(client, { path: file('hot-oven.csv'), mapping: preview.mapping });
    expect(done).toMatchObject({ stored: 20 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await client.request('alarms.list', {})).toEqual([]);
    expect(live).not.toContain('device-001');
  });

  it('imports a wide ";" export with decimal commas: one signal per column, units from the header', async () => {
    const lines = ['Zeit;Temperature (°C);Pressure [bar];operator'];
    for (let i = 0; i < 50; i++) {
      const t = new Date(T0 + i * 60 * S).toISOString().replace('T', ' ').slice(0, 19);
      lines.push(`${t};${20 + i},5;${i % 10 === 0 ? '' : `3,${i}`};anna`);
    }
    writeFileSync(file('press-7.csv'), `${lines.join('\r\n')}\r\n`);

    const preview = await client.request('import.preview', {
      path: file('press-7.csv'),
      mapping: { wide: true, deviceId: 'press-7', timestamp: 'Zeit' },
    });
    expect(preview.csv?.separator).toBe(';');
    expect(preview.mapping).toEqual({ wide: true, deviceId: 'press-7', timestamp: 'Zeit', exclude: ['operator'] });
    expect(preview.signals).toEqual([
      { column: 'Temperature (°C)', signal: 'Temperature', unit: '°C' },
      { column: 'Pressure [bar]', signal: 'Pressure', unit: 'bar' },
    ]);

    const summary = await importFile(client, {
      path: file('press-7.csv'),
      mapping: preview.mapping,
      createDevice: true,
    });
    // 50 temperatures, and a pressure in every row but each tenth (empty cells are gaps).
    expect(summary).toMatchObject({ rows: 50, stored: 95, duplicates: 0, rejected: 0 });
    const temp = await rawValues(client, 'press-7/Temperature', T0, T0 + 3600 * S);
    expect(temp.value.slice(0, 3)).toEqual([20.5, 21.5, 22.5]);
    const device = await client.request('devices.get', { id: 'press-7' });
    expect(device.signals.map((s) => [s.key, s.unit]).sort()).toEqual([
      ['Pressure', 'bar'],
      ['Temperature', '°C'],
    ]);
  });

  it('imports a Parquet file read through DuckDB in chunks', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const from = T0 + 86_400_000;
    await db.run(`COPY (
        SELECT 'kiln-' || (x % 2) AS device, 'temperature' AS signal,
          make_timestamp((${from} + x * 1000)::BIGINT * 1000) AS time, (x / 10)::DOUBLE AS value,
          CASE WHEN x = 5 THEN 'bad' ELSE 'good' END AS quality
        FROM range(5000) t(x)
      ) TO '${file('kilns.parquet')}' (FORMAT parquet)`);
    db.closeSync();
    instance.closeSync();

    const preview = await client.request('import.preview', { path: file('kilns.parquet'), rows: 5 });
    expect(preview).toMatchObject({ format: 'parquet', csv: null, totalRows: 5000, problems: [] });
    expect(preview.columns).toEqual(['device', 'signal', 'time', 'value', 'quality']);
    expect(preview.rows[5 - 1]!.readings[0]).toMatchObject({ deviceId: 'kiln-0', ts: from + 4000, value: 0.4 });

    const summary = await importFile(client, {
      path: file('kilns.parquet'),
      mapping: preview.mapping,
      createDevice: true,
    });
    expect(summary).toMatchObject({ format: 'parquet', rows: 5000, stored: 5000, duplicates: 0, rejected: 0 });
    expect((await engine.services.history.countBySeries()).get('kiln-1/temperature')).toBe(2500);
    const kiln1 = await rawValues(client, 'kiln-1/temperature', from, from + 5000 * S);
    expect(kiln1.value.slice(0, 3)).toEqual([0.1, 0.3, 0.7]); // x = 5 is bad quality: stored, not drawn
  });

  it('reads a file larger than one read chunk, with rows cut across chunks', async () => {
    const lines = ['time,value,note'];
    for (let i = 0; i < 30_000; i++) lines.push(`${T0 + i},${i},"row ${i}, padded ${'x'.repeat(i % 40)}"`);
    writeFileSync(file('big.csv'), `${lines.join('\n')}\n`);
    const summary = await importFile(client, {
      path: file('big.csv'),
      mapping: { timestamp: 'time', deviceId: 'line-9', signal: 'count', value: 'value' },
      createDevice: true,
    });
    expect(summary).toMatchObject({ rows: 30_000, stored: 30_000, rejected: 0 });
    const stats = await client.request('history.stats', { series: 'line-9/count', from: T0, to: T0 + 30_000 });
    expect(stats).toMatchObject({ count: 30_000, min: 0, max: 29_999 });
  });

  it('rejects bad rows to dead letters named by file and line, and imports the rest', async () => {
    const future = Date.now() + 30 * 86_400_000; // past the 7-day clock-skew limit
    const rows = [
      'device,signal,timestamp,value',
      `oven-1,temp,${iso(T0)},20`,
      `oven-1,temp,${iso(T0 + S)},hot`,
      `oven-1,temp,${iso(T0 + 2 * S)}`,
      `oven-1,temp,${iso(future)},22`,
      `oven 1,temp,${iso(T0 + 3 * S)},23`,
      `oven-1,temp,${iso(T0 + 4 * S)},24`,
    ];
    writeFileSync(file('bad.csv'), rows.join('\n'));

    const preview = await client.request('import.preview', { path: file('bad.csv') });
    expect(preview.rows.map((r) => r.errors.length > 0)).toEqual([false, true, true, true, true, false]);
    expect(preview.rows[2]!.errors).toEqual(['has 3 fields, expected 4']);

    const summary = await importFile(client, { path: file('bad.csv'), mapping: preview.mapping, createDevice: true });
    expect(summary).toMatchObject({ rows: 6, stored: 2, rejected: 4 });
    // The bad rows of a batch are one dead letter, named by the lines it spans.
    const letters = await client.request('deadLetters.list', { source: 'file' });
    const ofThisFile = letters.items.filter((l) => l.origin.startsWith('bad.csv:'));
    expect(ofThisFile).toHaveLength(1);
    const letter = ofThisFile[0]!;
    expect(letter).toMatchObject({ origin: 'bad.csv:3-6', count: 4, raw: rows.slice(2, 6).join('\n') });
    const [count, first] = letter.reason.split('; first: ');
    expect(count).toBe('4 rejected');
    const reasons = first!.split(' | ');
    expect(reasons.slice(0, 2)).toEqual(['line 3: value "hot" is not a number', 'line 4: has 3 fields, expected 4']);
    expect(reasons[2]).toMatch(/^line 5: timestamp .* is in the future/);
  });

  it('refuses an import into an unknown device unless its creation is confirmed, and then defaults to it', async () => {
    const rows = ['time,temperature', ...[0, 1].map((i) => `${iso(T0 + i * S)},${20 + i}`)];
    writeFileSync(file('kiln-9.csv'), rows.join('\n'));
    // Named after no registered device: the preview leaves the device for the operator to give.
    const first = await client.request('import.preview', { path: file('kiln-9.csv') });
    expect(first.mapping.deviceId).toBeUndefined();
    expect(first.problems).toContain('choose the device column or give one device id');

    const mapping = { ...first.mapping, deviceId: 'kiln-9' };
    await expect(client.request('import.start', { path: file('kiln-9.csv'), mapping })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no device "kiln-9" is registered'),
    });
    await expect(client.request('devices.get', { id: 'kiln-9' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const summary = await importFile(client, { path: file('kiln-9.csv'), mapping, createDevice: true });
    expect(summary).toMatchObject({ rows: 2, stored: 2 });
    // Now registered: the same file name preselects it, and a second import needs no confirmation.
    const again = await client.request('import.preview', { path: file('kiln-9.csv') });
    expect(again.mapping.deviceId).toBe('kiln-9');
    expect(
      await importFile(client, { path: file('kiln-9.csv'), mapping: again.mapping as typeof mapping }),
    ).toMatchObject({ duplicates: 2 });
  });

  it('refuses a mapping that names a column the file lacks before starting a job', async () => {
    await expect(
      client.request('import.start', {
        path: file('bad.csv'),
        mapping: { deviceColumn: 'device', signalColumn: 'signal', value: 'reading', timestamp: 'timestamp' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'the value column "reading" is not in the file' });
    await expect(client.request('import.preview', { path: file('missing.csv') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('file import from a browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: join(dir.path, 'data') },
          { server: { port: 0 }, broker: { embedded: false }, sources: { mqtt: [] }, simulator: { enabled: false } },
        ),
      ),
      rendererDir: join(dir.path, 'no-renderer'),
      version: 'test',
      log: () => {},
    });
  });
  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('uploads a file, previews it and imports it as a job', async () => {
    const body = ['time,temperature,pressure', ...[0, 1, 2].map((i) => `${iso(T0 + i * S)},${20 + i},${3 + i}`)].join(
      '\n',
    );
    const res = await fetch(`${running.server.url}/api/import/upload?name=${encodeURIComponent('Line 2 oven.csv')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(201);
    const upload = ((await res.json()) as { data: ImportUpload }).data;
    expect(upload.name).toBe('Line_2_oven.csv');
    expect(upload.sizeBytes).toBe(Buffer.byteLength(body));
    expect(upload.path.startsWith(join(dir.path, 'data', 'imports'))).toBe(true);

    const client = contractClient(running.engine);
    try {
      const preview = await client.request('import.preview', { path: upload.path });
      // No device of that name yet: the operator gives one and confirms creating it.
      expect(preview.mapping).toEqual({ timestamp: 'time', wide: true });
      const mapping = { ...preview.mapping, deviceId: 'Line_2_oven' };
      const summary = await importFile(client, { path: upload.path, mapping, createDevice: true });
      expect(summary).toMatchObject({ rows: 3, stored: 6, duplicates: 0, rejected: 0 });
    } finally {
      client.close();
    }
  });

  it('takes only the file itself as application/octet-stream', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n']), 'x.csv');
    const res = await fetch(`${running.server.url}/api/import/upload?name=x.csv`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });
});
