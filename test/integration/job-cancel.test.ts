// Cancelling long work (jobs.cancel) against a real engine with a million readings in DuckDB:
// a CSV export, a Parquet lake export and import, a file import, a backup and a model training
// are stopped part-way, end in "cancelled", and leave no half-written file or folder behind;
// the export connection still works afterwards. Over WebSocket, a browser's cancel reaches the
// same job. Cancellation is requested the moment a job has shown progress, so it is part-way.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { allocColumns } from '../../src/main/engine/history/reading-columns';
import type { RunningServe } from '../../src/main/server/serve';
import type { Job } from '../../src/shared/contract';
import type { ContractClient } from '../../src/shared/rpc/client';
import { contractClient } from '../support/contract-client';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { connectWs } from '../support/ws-client';

const DAY = 86_400_000;
const DAYS = 10;
const SERIES = ['press-1/force', 'press-1/stroke', 'press-2/force', 'press-2/stroke'];
const PER_SERIES = 250_000;
/** Ten whole days ending yesterday: ten lake partitions, twenty export slices. */
const END = Math.floor(Date.now() / DAY) * DAY - DAY;
const START = END - DAYS * DAY;

/** A million readings, written straight into history in large batches. */
async function seed(engine: Engine): Promise<void> {
  const { history } = engine.services;
  const ids = await history.ensureSeries(SERIES);
  const step = (END - START) / PER_SERIES;
  const cols = allocColumns(SERIES.length * PER_SERIES);
  for (let p = 0; p < PER_SERIES; p++) {
    for (let s = 0; s < SERIES.length; s++) {
      const i = cols.length++;
      cols.series[i] = ids[s]!;
      cols.ts[i] = Math.floor(START + p * step);
      cols.value[i] = 40 + ((p * 7919 + s * 104_729) % 1000) / 50;
      cols.quality[i] = 0;
    }
  }
  await history.appendColumns(cols);
  await history.compactNow();
}

/** Nothing ingests: no broker, no sources, no simulator. */
// Lake imports in groups of 100,000 rows: a device's ten days make five of them, so that an
// import of this lake can be cancelled between groups.
const STORAGE_ONLY = {
  simulator: { enabled: false },
  broker: { embedded: false },
  sources: { mqtt: [] },
  history: { importGroupRows: 100_000 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The job once it has made some progress (or ended), polled as a client would. */
async function progressed(client: ContractClient, id: string): Promise<Job> {
  for (let i = 0; i < 2000; i++) {
    const job = await client.request('jobs.get', { id });
    if (job.state !== 'running' || job.rows > 0 || job.progress > 0) return job;
    await sleep(2);
  }
  throw new Error(`job ${id} made no progress`);
}

async function ended(client: ContractClient, id: string): Promise<Job> {
  for (let i = 0; i < 3000; i++) {
    const job = await client.request('jobs.get', { id });
    if (job.state !== 'running') return job;
    await sleep(10);
  }
  throw new Error(`job ${id} did not end`);
}

/** Starts a job, cancels it as soon as it has moved, and returns how it ended. */
async function cancelPartWay(client: ContractClient, started: Job): Promise<{ before: Job; end: Job }> {
  const before = await progressed(client, started.id);
  expect(before.state, 'the job finished before it could be cancelled: give it more work').toBe('running');
  await client.request('jobs.cancel', { id: started.id });
  return { before, end: await ended(client, started.id) };
}

describe('cancelling jobs', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: ContractClient;
  const at = (name: string) => join(dir.path, name);

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(at('data'), STORAGE_ONLY);
    client = contractClient(engine);
    await seed(engine);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await engine?.stop();
    dir?.remove();
  });

  it('stops a CSV export part-way and leaves neither the file nor its parts; the next export is whole', async () => {
    const started = await client.request('history.export', { series: SERIES, from: START, to: END, format: 'csv' });
    const { before, end } = await cancelPartWay(client, started);
    expect(before.progress).toBeLessThan(1);
    expect(end).toMatchObject({ state: 'cancelled', error: null, download: null });
    const exports = at('data/exports');
    expect(existsSync(started.path!)).toBe(false);
    expect(readdirSync(exports)).toEqual([]);

    // The interrupted connection serves the next export in full.
    const again = await client.request('history.export', {
      series: [SERIES[0]!],
      from: START,
      to: START + DAY,
      format: 'csv',
    });
    const done = await ended(client, again.id);
    expect(done.state).toBe('done');
    expect(done.rows).toBeGreaterThan(20_000);
    expect(readdirSync(exports)).toEqual([done.download]);
  });

  it('stops a lake export part-way and removes the folder it created', async () => {
    const lake = at('lake-cancelled');
    const started = await client.request('history.exportLake', { dir: lake, from: START, to: END });
    const { end } = await cancelPartWay(client, started);
    expect(end.state).toBe('cancelled');
    expect(existsSync(lake)).toBe(false);
  });

  it('stops a lake import between groups of folders; what it imported stays, the rest never arrives', async () => {
    const lake = at('lake-whole');
    const exported = await ended(client, (await client.request('history.exportLake', { dir: lake })).id);
    expect(exported.state).toBe('done');
    expect(readdirSync(lake).length).toBeGreaterThanOrEqual(DAYS);

    const other = await startEngine(at('data-other'), STORAGE_ONLY);
    const otherClient = contractClient(other);
    try {
      const started = await otherClient.request('history.importLake', { dir: lake });
      const { end } = await cancelPartWay(otherClient, started);
      expect(end.state).toBe('cancelled');
      expect(end.progress).toBeLessThan(1);
      const stored = await other.services.history.totalReadings();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(SERIES.length * PER_SERIES);
    } finally {
      otherClient.close();
      await other.stop();
    }
  });

  it('stops a file import at its next batch; the summary says cancelled', async () => {
    const csv = at('big.csv');
    const lines = ['device,signal,timestamp,value'];
    const t0 = END - 3 * DAY;
    for (let i = 0; i < 200_000; i++) lines.push(`mill-${i % 4},speed,${t0 + i * 1000},${(i % 977) / 10}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const started = await client.request('import.start', {
      path: csv,
      mapping: { deviceColumn: 'device', signalColumn: 'signal', timestamp: 'timestamp', value: 'value' },
    });
    const { end } = await cancelPartWay(client, started);
    expect(end.state).toBe('cancelled');
    const summary = await client.request('import.summary', { id: started.id });
    expect(summary.state).toBe('cancelled');
    expect(summary.error).toBeNull();
    expect(summary.rows).toBeGreaterThan(0);
    expect(summary.rows).toBeLessThan(200_000);
    // It really stopped: nothing more is read once it has ended.
    await sleep(200);
    expect((await client.request('import.summary', { id: started.id })).rows).toBe(summary.rows);
  });

  it('removes a cancelled backup, so that the folder can take the next one', async () => {
    const folder = at('backup');
    mkdirSync(folder);
    const started = await client.request('admin.backup', { dir: folder });
    await client.request('jobs.cancel', { id: started.id });
    expect((await ended(client, started.id)).state).toBe('cancelled');
    expect(readdirSync(folder)).toEqual([]);

    const again = await ended(client, (await client.request('admin.backup', { dir: folder })).id);
    expect(again.state).toBe('done');
    expect(readdirSync(folder).sort()).toEqual(['history.duckdb', 'manifest.json', 'state.db']);
  });

  it('stops a model training before it writes a model', async () => {
    // Enough history of device-001 that reading it takes the engine a moment.
    const { history } = engine.services;
    const [id] = await history.ensureSeries(['device-001/temperature']);
    const cols = allocColumns(100_000);
    for (let i = 0; i < 100_000; i++) {
      cols.series[cols.length] = id!;
      cols.ts[cols.length] = START + i * 5000;
      cols.value[cols.length++] = 50 + (i % 300) / 10;
    }
    await history.appendColumns(cols);
    const started = await client.request('models.train', { deviceId: 'device-001', from: START, to: END });
    await client.request('jobs.cancel', { id: started.id });
    expect(await ended(client, started.id)).toMatchObject({ state: 'cancelled', error: null });
    expect(existsSync(at('data/models/device-001'))).toBe(false);
    expect((await client.request('models.list', { deviceId: 'device-001' })).models).toEqual([]);
  });

  it('answers a cancel for a finished job with the job as it ended', async () => {
    const done = await ended(
      client,
      (await client.request('history.export', { series: [SERIES[1]!], from: START, to: START + 1000 })).id,
    );
    expect(done.state).toBe('done');
    expect(await client.request('jobs.cancel', { id: done.id })).toMatchObject({ id: done.id, state: 'done' });
  });
});

describe('cancelling over WebSocket', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serveInProcess(join(dir.path, 'data'), STORAGE_ONLY);
    await seed(running.engine);
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    dir?.remove();
  });

  it('a browser cancels an export it started; the engine stops it and keeps no file', async () => {
    const ws = await connectWs(running.server.url);
    try {
      const started = await ws.request('history.export', { series: SERIES, from: START, to: END, format: 'parquet' });
      const { end } = await cancelPartWay(ws, started);
      expect(end.state).toBe('cancelled');
      expect(readdirSync(join(dir.path, 'data', 'exports'))).toEqual([]);
    } finally {
      ws.close();
    }
  });
});
