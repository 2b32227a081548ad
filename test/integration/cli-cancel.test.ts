// Ctrl-C on a CLI command that follows a job in a running engine: the operator who stops
// `watchfloor import --lake … --port …` expects the import to stop, not to go on inside the
// engine. The command asks the engine to cancel the job, waits until it has, and says so; the
// date partitions imported before the cancel stay imported. Needs `npm run build` first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { startServeProcess, storedReadings, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

/** 30 date partitions of 200,000 readings: the import checks for a cancel between partitions. */
const DATES = 30;
const PER_DATE = 200_000;

describe('Ctrl-C on a command following an engine job', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess | undefined;
  const at = (name: string) => join(tmp.path, name);

  beforeAll(async () => {
    tmp = makeTempDir('watchfloor-cli-cancel-');
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`COPY (
        SELECT 'press-1' AS device, 'force' AS signal, t AS time, round(40 + (i % 997) / 50, 2) AS value,
          'good' AS quality, strftime(t, '%Y-%m-%d') AS date
        FROM (SELECT i, TIMESTAMP '2026-10-01' + INTERVAL (i * ${86_400_000 / PER_DATE}) MILLISECOND AS t
          FROM range(${DATES * PER_DATE}) r(i)))
      TO '${at('lake')}' (FORMAT parquet, PARTITION_BY (date, device))`);
    db.closeSync();
    instance.closeSync();
    writeFileSync(
      at('config.json'),
      JSON.stringify({ simulator: { enabled: false }, broker: { embedded: false }, sources: { mqtt: [] } }),
    );
    serve = await startServeProcess(['--data', at('data'), '--config', at('config.json')]);
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    tmp?.remove();
  });

  it('cancels a lake import in the running engine, waits for it to stop, and says so', async () => {
    const port = new URL(serve!.url).port;
    let interrupted = false;
    const r = await runCli(['import', '--lake', at('lake'), '--port', port], {
      timeoutMs: 60_000,
      onStderr: (text, child) => {
        if (!interrupted && /Ctrl-C cancels it/.test(text)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(interrupted, r.stderr).toBe(true);
    expect(r.stderr).toMatch(/\[watchfloor\] import running as job \S+; Ctrl-C cancels it\n/);
    expect(r.stderr).toMatch(/\[watchfloor\] SIGINT: cancelling the import \(job \S+\); press Ctrl-C again/);
    // The engine's own answer: the job ended cancelled, not done.
    expect(r.stderr).toMatch(/watchfloor: the import was cancelled\n$/);
    expect(r.code).toBe(1);
    // Stopped part-way: what was imported stays, the rest never arrives.
    const stored = await storedReadings(serve!.url);
    expect(stored).toBeLessThan(DATES * PER_DATE);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await storedReadings(serve!.url)).toBe(stored);
  });
});
