// A state.db that is lost, truncated, damaged or another installation's never starts silently
// with devices and dead letters gone: `serve` refuses with one line naming the file and the way
// out, `watchfloor restore` brings the state back, and `--new-state` starts over explicitly
// (moving the old file aside, keeping history). Damaged history and configuration files are
// named too. Runs the built CLI (`npm test` builds).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli-process';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { storedInHistory } from '../support/stored-readings';
import { makeTempDir } from '../support/temp-dir';

interface Health {
  deadLetters: number;
}

async function get<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

async function deviceIds(url: string): Promise<string[]> {
  return (await get<{ data: { id: string }[] }>(`${url}/api/devices`)).data.map((d) => d.id);
}

/** The one line `serve` leaves on stderr when it refuses to start. */
function refusal(r: CliResult): string {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  return lines[lines.length - 1]!;
}

describe('refusing to start on a lost or damaged state file', () => {
  const dir = makeTempDir();
  const data = join(dir.path, 'data');
  const stateFile = join(data, 'state.db');
  const config = join(dir.path, 'watchfloor.json');
  const args = ['--config', config, '--data', data];
  let engine: ServeProcess | undefined;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({ broker: { embedded: false }, simulator: { enabled: false }, devices: [] }));
    engine = await startServeProcess(args);
    const post = (body: unknown) =>
      fetch(`${engine!.url}/ingest/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (let i = 0; i < 10; i++) {
      const r = await post({
        deviceId: 'boiler-1',
        sensorType: 'temperature',
        value: 60 + i,
        timestamp: Date.now() - i,
      });
      expect(r.status).toBe(202);
    }
    expect((await post({ deviceId: 'boiler-1', sensorType: 'temperature', value: 'hot' })).status).toBe(400);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    const backup = await runCli(['backup', join(dir.path, 'backup'), ...args]);
    expect(backup.code, backup.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await engine?.kill();
    dir.remove();
  });

  it('refuses a truncated (0-byte) state.db, naming it and the way out, and leaves it as it is', async () => {
    truncateSync(stateFile, 0);
    const line = refusal(await runCli(['serve', '--port', '0', ...args]));
    expect(line).toContain(
      `${stateFile} is empty (0 bytes), but history.duckdb records that this data directory had one`,
    );
    expect(line).toContain(`watchfloor restore <backup> --data ${data}`);
    expect(line).toContain('--new-state');
    expect(statSync(stateFile).size).toBe(0);
  });

  it('refuses a missing state.db', async () => {
    rmSync(stateFile);
    const line = refusal(await runCli(['serve', '--port', '0', ...args]));
    expect(line).toContain(`${stateFile} is missing, but history.duckdb records`);
    expect(existsSync(stateFile)).toBe(false);
  });

  it('refuses a state.db that is not a database', async () => {
    writeFileSync(stateFile, 'this is not an SQLite file, but it is long enough to look like one '.repeat(100));
    const line = refusal(await runCli(['serve', '--port', '0', ...args]));
    expect(line).toMatch(new RegExp(`${stateFile.replace(/[.]/g, '\\.')} is damaged \\(.*not a database.*\\)`));
  });

  it('starts again once the backup is restored: devices and dead letters are back', async () => {
    const restored = await runCli(['restore', join(dir.path, 'backup'), ...args]);
    expect(restored.code, restored.stderr).toBe(0);
    engine = await startServeProcess(args);
    expect(await deviceIds(engine.url)).toContain('boiler-1');
    expect((await get<Health>(`${engine.url}/api/health`)).deadLetters).toBe(1);
    expect(await storedInHistory(engine.url)).toBe(10);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
  });

  it('starts with only state.db copied back from the backup, history kept whole', async () => {
    // Readings stored after the backup…
    engine = await startServeProcess(args);
    for (let i = 0; i < 5; i++) {
      const reading = { deviceId: 'boiler-1', sensorType: 'temperature', value: 70 + i, timestamp: Date.now() + i };
      const res = await fetch(`${engine.url}/ingest/realtime`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reading),
      });
      expect(res.status).toBe(202);
    }
    expect(await engine.stop()).toBe(0);
    // …then state.db is lost, and only it comes back from the backup.
    rmSync(stateFile);
    copyFileSync(join(dir.path, 'backup', 'state.db'), stateFile);
    engine = await startServeProcess(args);
    expect(await deviceIds(engine.url)).toContain('boiler-1');
    expect(await storedInHistory(engine.url)).toBe(15);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
  });

  it('refuses the state.db of another installation', async () => {
    const other = join(dir.path, 'other');
    engine = await startServeProcess(['--config', config, '--data', other]);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    const own = join(dir.path, 'own-state.db');
    copyFileSync(stateFile, own);
    copyFileSync(join(other, 'state.db'), stateFile);
    const line = refusal(await runCli(['serve', '--port', '0', ...args]));
    expect(line).toContain(`${stateFile} is not the state file history.duckdb was kept with`);
    copyFileSync(own, stateFile);
  });

  it('starts over with --new-state: the damaged file is moved aside, history is kept', async () => {
    const garbage = 'garbage, not a database '.repeat(200);
    writeFileSync(stateFile, garbage);
    engine = await startServeProcess(['--new-state', ...args]);
    expect(engine.output()).toContain('starting with a new state (--new-state)');
    expect(await deviceIds(engine.url)).not.toContain('boiler-1');
    expect((await get<Health>(`${engine.url}/api/health`)).deadLetters).toBe(0);
    expect(await storedInHistory(engine.url)).toBe(15);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
    const aside = readdirSync(data).filter((f) => f.startsWith('pre-new-state-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(data, aside[0]!, 'state.db'), 'utf8')).toBe(garbage);

    // The new state file is the one history records now: a plain start takes it.
    engine = await startServeProcess(args);
    expect(await engine.stop()).toBe(0);
    engine = undefined;
  });

  it('names a damaged history.duckdb, and a configuration file that is not JSON', async () => {
    const broken = join(dir.path, 'broken-history');
    mkdirSync(broken);
    writeFileSync(join(broken, 'history.duckdb'), 'not a DuckDB file '.repeat(1000));
    const history = refusal(await runCli(['serve', '--port', '0', '--config', config, '--data', broken]));
    expect(history).toContain(`${join(broken, 'history.duckdb')} cannot be opened (`);
    expect(history).toContain(`watchfloor restore <backup> --data ${broken}`);

    const badConfig = join(dir.path, 'bad.json');
    writeFileSync(badConfig, '{ "broker": { "embedded": false }, }');
    const json = refusal(await runCli(['serve', '--port', '0', '--config', badConfig, '--data', data]));
    expect(json).toContain(`config file ${badConfig} is not valid JSON`);
  });
});
