// The peers bench's dataset and how it reaches each historian. One DuckDB table holds it
// (series × readings at 1 s, a random walk with two decimals, steps of −0.10…+0.10); from it
// come a Parquet lake for Watchfloor's lake import, a CSV for VictoriaMetrics' /api/v1/import/csv
// and InfluxDB line protocol for /write — each historian's fastest documented bulk path.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Job } from '../../../src/shared/contract';
import { keyedClient } from './keyed-client';

export const SIGNALS_PER_DEVICE = 16;

export interface Dataset {
  series: number;
  perSeries: number;
  /** First and last reading, epoch ms (1 s apart). */
  start: number;
  end: number;
  lakeDir: string;
  vmCsv: string;
  influxLines: string;
}

export const deviceOf = (s: number) => `d-${String(Math.floor(s / SIGNALS_PER_DEVICE)).padStart(3, '0')}`;
export const signalOf = (s: number) => `s${String(s % SIGNALS_PER_DEVICE).padStart(2, '0')}`;

/** Generates the readings once and writes them in the three forms. */
export async function makeDataset(dir: string, series: number, perSeries: number, end: number): Promise<Dataset> {
  const start = end - (perSeries - 1) * 1000;
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run('SELECT setseed(0.2020)');
    await c.run(`CREATE TABLE gen AS
      SELECT s, i, round(100 + sum((floor(random() * 21) - 10) / 100) OVER (PARTITION BY s ORDER BY i), 2) AS v
      FROM range(${series}) a(s), range(${perSeries}) b(i)`);
    const labelled = `SELECT 'd-' || lpad((s // ${SIGNALS_PER_DEVICE})::VARCHAR, 3, '0') AS device,
        's' || lpad((s % ${SIGNALS_PER_DEVICE})::VARCHAR, 2, '0') AS signal,
        ${start / 1000} + i AS t, v FROM gen`;
    const lakeDir = join(dir, 'lake');
    await c.run(`COPY (SELECT device, signal, make_timestamp(t * 1000000) AS time, v AS value, 'good' AS quality,
        strftime(make_timestamp(t * 1000000), '%Y-%m-%d') AS date FROM (${labelled}) ORDER BY device, signal, t)
      TO '${lakeDir}' (FORMAT parquet, PARTITION_BY (date, device))`);
    const vmCsv = join(dir, 'vm.csv');
    await c.run(`COPY (${labelled} ORDER BY device, signal, t) TO '${vmCsv}' (HEADER false)`);
    const influxLines = join(dir, 'influx.lp');
    await c.run(`COPY (SELECT 'reading,device=' || device || ',signal=' || signal || ' value=' || v::VARCHAR || ' ' || t::VARCHAR
        FROM (${labelled}) ORDER BY device, signal, t) TO '${influxLines}' (HEADER false, DELIMITER '|', QUOTE '"')`);
    return { series, perSeries, start, end: start + (perSeries - 1) * 1000, lakeDir, vmCsv, influxLines };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** The file as chunks of whole lines, about `bytes` each. */
async function* lineChunks(file: string, bytes: number): AsyncGenerator<Buffer> {
  let rest = Buffer.alloc(0);
  for await (const piece of createReadStream(file, { highWaterMark: bytes })) {
    const buf = Buffer.concat([rest, piece as Buffer]);
    const cut = buf.lastIndexOf(10) + 1;
    if (cut > 0) yield buf.subarray(0, cut);
    rest = buf.subarray(cut);
  }
  if (rest.length) yield rest;
}

/** POSTs the file's line chunks, `parallel` at a time. */
async function postChunks(file: string, url: string, bytes: number, parallel: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for await (const chunk of lineChunks(file, bytes)) {
    const p: Promise<void> = fetch(url, { method: 'POST', body: chunk }).then(async (res) => {
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer().catch(() => {});
    });
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= parallel) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

export function loadVictoriaMetrics(url: string, data: Dataset): Promise<void> {
  const format = '1:label:device,2:label:signal,3:time:unix_s,4:metric:reading';
  return postChunks(data.vmCsv, `${url}/api/v1/import/csv?format=${format}`, 8 << 20, 2);
}

/** Line protocol in batches of ~10,000 points (InfluxDB's advice: 5,000–10,000), two at a time. */
export function loadInfluxDb(url: string, data: Dataset): Promise<void> {
  return postChunks(data.influxLines, `${url}/write?db=bench&precision=s`, 10_000 * 46, 2);
}

/** history.importLake through the engine's WebSocket API, as `watchfloor import --lake` does; resolves when the job ends. */
export async function loadWatchfloor(url: string, dataDir: string, lakeDir: string): Promise<Job> {
  const { client, opened } = keyedClient(url, dataDir, { timeoutMs: 600_000 });
  try {
    await opened;
    let job = await client.request('history.importLake', { dir: lakeDir });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = await client.request('jobs.get', { id: job.id });
    }
    if (job.state !== 'done') throw new Error(`lake import ${job.state}: ${job.error ?? ''}`);
    return job;
  } finally {
    client.close();
  }
}
