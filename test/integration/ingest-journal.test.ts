// A reading the engine acknowledged survives a SIGKILL even when DuckDB had not committed it:
// the ingest journal holds it and the next start replays it into history, once. Runs the built
// engine (`npm test` builds) with DuckDB commits a minute apart, so that every reading posted
// before the kill is in the journal only.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { countStored } from '../support/stored-readings';
import { makeTempDir } from '../support/temp-dir';

const T0 = Date.now() - 600_000;
const batch = (device: string, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    deviceId: device,
    sensorType: 'flow',
    value: Math.round((12 + (from + i) / 8) * 100) / 100,
    timestamp: T0 + (from + i) * 1000,
    unit: 'm3/h',
  }));

/** Readings in history.duckdb as DuckDB alone reads it (WAL replayed, journal not). */
async function inDuckDb(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const db = await instance.connect();
    const rows = (
      await db.runAndReadAll('SELECT (SELECT count(*) FROM readings_store) + (SELECT count(*) FROM readings_hot) AS n')
    ).getRowsJS() as [bigint][];
    db.closeSync();
    return Number(rows[0]![0]);
  } finally {
    instance.closeSync();
  }
}

describe('ingest journal across SIGKILL', () => {
  const dir = makeTempDir('wf-journal-kill-');
  const data = join(dir.path, 'data');
  const config = join(dir.path, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      broker: { embedded: false },
      sources: { mqtt: [] },
      simulator: { enabled: false },
      history: { commitEveryMs: 60_000 },
    }),
  );
  let engine: ServeProcess | undefined;
  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  it('replays at the next start every acknowledged reading DuckDB had not committed', async () => {
    engine = await startServeProcess(['--data', data, '--config', config]);
    const posted = [batch('tank-1', 0, 200), batch('tank-2', 0, 200), batch('tank-1', 200, 100)];
    for (const readings of posted) {
      const res = await fetch(`${engine.url}/ingest/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(readings),
      });
      expect(res.status).toBe(202); // durable: acknowledged
    }
    await engine.kill();
    expect(await inDuckDb(join(data, 'history.duckdb'))).toBe(0); // all of it in the journal only

    engine = await startServeProcess(['--data', data, '--config', config]);
    expect(engine.output()).toMatch(
      /replayed 500 readings from .*history\.journal after an unclean stop; 500 had not been committed/,
    );
    const res = await fetch(
      `${engine.url}/api/devices/tank-1/history?from=${T0}&to=${T0 + 400_000}&limit=4000&signal=flow&shape=columns`,
    );
    const body = (await res.json()) as { data: { t: number[]; v: number[] }[] };
    expect(body.data[0]!.v).toEqual([...posted[0]!, ...posted[2]!].map((r) => r.value));
    expect(await engine.stop()).toBe(0);
    engine = undefined;

    const counts = await countStored(data);
    expect(counts.get('tank-1/flow')).toBe(300);
    expect(counts.get('tank-2/flow')).toBe(200);
  }, 60_000);
});
