// The data commands as an operator runs them — the built CLI against a real `watchfloor
// serve` and against a stopped data directory: backup during ingest, restore into a new
// folder, CSV export (remote and in-process), the Parquet lake out and back, and what a
// mistyped command line gets. Needs `npm run build` first (npm test does it).
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmState } from '../../src/shared/domain';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { runCli } from '../support/cli-process';
import { startServeProcess, storedReadings, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

// Raw exports end with what expert review says of each reading (docs/administration.md).
const CSV_HEADER = 'device,signal,timestamp,value,quality,bad_data_label,corrected_value';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Every alarm the engine holds, in any state: what a restore must bring back. */
async function allAlarms(url: string): Promise<unknown[]> {
  const channel = createWebSocketChannel(`${url.replace(/^http/, 'ws')}/ws`, {
    WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
  });
  const client = createClient(channel);
  try {
    await channel.opened;
    return await client.request('alarms.list', { states: [...AlarmState.options], limit: 5000 });
  } finally {
    client.close();
  }
}

function csvRows(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n');
}

/** "exported 123 readings…", "imported 0 readings…": the count a script would read. */
function count(stdout: string, verb: 'exported' | 'imported'): number {
  const m = new RegExp(`${verb} (\\d+) readings`).exec(stdout);
  if (!m) throw new Error(`no "${verb} N readings" in: ${stdout}`);
  return Number(m[1]);
}

describe('watchfloor backup, restore, export and import', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let live: ServeProcess | undefined;
  let restored: ServeProcess | undefined;
  let port: string;
  let dataA: string;
  const at = (name: string) => join(tmp.path, name);

  beforeAll(async () => {
    tmp = makeTempDir('watchfloor-cli-');
    dataA = at('data-a');
    // Frequent excursions, so that there are alarms to carry through a backup.
    writeFileSync(at('config.json'), JSON.stringify({ simulator: { anomalyRate: 0.5 }, broker: { port: 0 } }));
    live = await startServeProcess(['--data', dataA, '--config', at('config.json')]);
    port = new URL(live.url).port;
    await waitFor(async () => (await storedReadings(live!.url)) >= 10, { what: 'ingest', timeoutMs: 15_000 });
    // The restore test checks the alarms come back: the backup must be taken once there are some.
    // The first alarm waits for the detectors' warm-up and a drawn excursion: under the full
    // suite's load on two cores that once took longer than 30 s, so up to 75 s.
    await waitFor(async () => (await allAlarms(live!.url)).length > 0, { what: 'a first alarm', timeoutMs: 75_000 });
  }, 120_000);

  afterAll(async () => {
    await live?.stop();
    await restored?.stop();
    tmp?.remove();
  });

  it('backs up through the running engine while ingest goes on', async () => {
    const before = await storedReadings(live!.url);
    const r = await runCli(['backup', at('backup'), '--data', dataA, '--port', port]);
    expect(r.stderr).toContain(`using the engine running at ${live!.url}`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`backed up ${dataA} to ${at('backup')}`);
    const manifest = JSON.parse(readFileSync(at('backup/manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ kind: 'watchfloor-backup', files: ['history.duckdb', 'state.db'] });
    expect(existsSync(at('backup/history.duckdb'))).toBe(true);
    expect(existsSync(at('backup/state.db'))).toBe(true);
    await waitFor(async () => (await storedReadings(live!.url)) > before, { what: 'ingest after the backup' });
  });

  it('refuses to restore while an engine runs on the data directory, reachable or not', async () => {
    const reachable = await runCli(['restore', at('backup'), '--data', dataA, '--port', port]);
    expect(reachable.code).toBe(1);
    expect(reachable.stderr).toMatch(/^watchfloor: an engine is running on .*; stop it before restoring\n$/);

    // Wrong port: nothing answers, but DuckDB's lock gives the engine away.
    const locked = await runCli(['restore', at('backup'), '--data', dataA, '--port', '1']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/in use by process \d+ .*nothing answers at http:\/\/127\.0\.0\.1:1/);
    expect(readdirSync(dataA).some((f) => f.startsWith('pre-restore-'))).toBe(false);

    const backup = await runCli(['backup', at('backup-2'), '--data', dataA, '--port', '1']);
    expect(backup.code).toBe(1);
    expect(backup.stderr.trim().split('\n')).toHaveLength(1);
    expect(backup.stderr).toMatch(/^watchfloor: .* is in use by process \d+/);
  });

  it("exports a device's signals to CSV through the running engine", async () => {
    const r = await runCli([
      'export',
      '--device',
      'device-001',
      '--out',
      at('remote.csv'),
      '--data',
      dataA,
      '--port',
      port,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(at('remote.csv'));
    expect(rows[0]).toBe(CSV_HEADER);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[1]).toMatch(/^device-001,temperature,\d{4}-\d{2}-\d{2} [\d:.]+,-?[\d.]+,(good|uncertain|bad),,$/); // no label, no correction
    expect(r.stdout).toContain(`exported ${rows.length - 1} rows (1 series, raw,`);
  });

  it('round-trips the readings through a Parquet lake; importing twice adds nothing', async () => {
    const out = await runCli(['export', '--lake', at('lake'), '--data', dataA, '--port', port]);
    expect(out.code, out.stderr).toBe(0);
    const exported = count(out.stdout, 'exported');
    expect(exported).toBeGreaterThan(0);
    expect(readdirSync(at('lake')).every((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);

    const first = await runCli(['import', '--lake', at('lake'), '--data', at('data-c')]);
    expect(first.code, first.stderr).toBe(0);
    expect(count(first.stdout, 'imported')).toBe(exported);

    const again = await runCli(['import', '--lake', at('lake'), '--data', at('data-c')]);
    expect(again.code, again.stderr).toBe(0);
    expect(count(again.stdout, 'imported')).toBe(0);

    const back = await runCli(['export', '--lake', at('lake-c'), '--data', at('data-c')]);
    expect(back.code, back.stderr).toBe(0);
    expect(count(back.stdout, 'exported')).toBe(exported);
  });

  it('exports in-process once the engine is stopped, leaving no copy behind in the data folder', async () => {
    const alarmsAtBackup = (await allAlarms(live!.url)).length;
    expect(alarmsAtBackup).toBeGreaterThan(0);
    expect(await live!.stop()).toBe(0);
    live = undefined;

    const exportsBefore = readdirSync(join(dataA, 'exports'));
    const r = await runCli(['export', '--series', 'device-001/temperature', '--out', at('local.csv'), '--data', dataA]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('using the engine running');
    const rows = csvRows(at('local.csv'));
    expect(rows[0]).toBe(CSV_HEADER);
    expect(rows.length).toBeGreaterThan(1);
    expect(readdirSync(join(dataA, 'exports'))).toEqual(exportsBefore);
  });

  it('restores into a new data directory: readings, devices and alarms are back', async () => {
    const dataB = at('data-b');
    const r = await runCli(['restore', at('backup'), '--data', dataB]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`restored history.duckdb, state.db from ${at('backup')}`);
    expect(r.stdout).not.toContain('moved the previous');

    restored = await startServeProcess(['--data', dataB, '--no-simulator']);
    const system = await getJson<{ data: { storage: { readings: number } } }>(`${restored.url}/api/metrics/system`);
    expect(system.data.storage.readings).toBeGreaterThanOrEqual(10);
    const devices = await getJson<{ data: { id: string }[] }>(`${restored.url}/api/devices`);
    expect(devices.data.map((d) => d.id)).toEqual(expect.arrayContaining(['device-001', 'device-005']));
    expect((await allAlarms(restored.url)).length).toBeGreaterThan(0);
    await restored.stop();
    restored = undefined;

    // Restoring again moves what is there aside instead of overwriting it.
    const again = await runCli(['restore', at('backup'), '--data', dataB]);
    expect(again.code, again.stderr).toBe(0);
    const aside = readdirSync(dataB).find((f) => f.startsWith('pre-restore-'));
    expect(aside).toBeDefined();
    expect(readdirSync(join(dataB, aside!))).toEqual(expect.arrayContaining(['history.duckdb', 'state.db']));
  });

  it('restores a backup from a newer release only with --force', async () => {
    cpSync(at('backup'), at('backup-newer'), { recursive: true });
    const manifest = JSON.parse(readFileSync(at('backup-newer/manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(at('backup-newer/manifest.json'), JSON.stringify({ ...manifest, version: '99.0.0' }));

    const refused = await runCli(['restore', at('backup-newer'), '--data', at('data-d')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/made by Watchfloor 99\.0\.0, newer than this .*--force/);
    expect(existsSync(join(at('data-d'), 'history.duckdb'))).toBe(false);

    const forced = await runCli(['restore', at('backup-newer'), '--data', at('data-d'), '--force']);
    expect(forced.code, forced.stderr).toBe(0);

    const notBackup = await runCli(['restore', at('lake'), '--data', at('data-e')]);
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toContain('is not a Watchfloor backup: it has no manifest.json');
  });

  it('answers a wrong command line with exit code 2 and the usage', async () => {
    for (const args of [
      ['export', '--device', 'device-001', '--out', at('x.csv'), '--bogus'],
      ['backup'],
      ['frobnicate'],
      ['export', '--device', 'device-001'],
      ['export', '--lake', at('lake-x'), '--series', 'device-001/temperature'],
      ['export', '--series', 'no-signal', '--out', at('x.csv')],
      ['export', '--device', 'device-001', '--out', at('x.csv'), '--tier', '5m'],
    ]) {
      const r = await runCli([...args, '--data', at('data-usage')]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^watchfloor: /);
      expect(r.stderr).toContain('Usage:');
      expect(r.stdout).toBe('');
    }
    const badFrom = await runCli([
      'export',
      '--device',
      'device-001',
      '--out',
      at('x.csv'),
      '--from',
      'yesterday',
      '--data',
      at('data-usage'),
    ]);
    expect(badFrom.code).toBe(2);
    expect(badFrom.stderr).toMatch(/^watchfloor: --from "yesterday" is not a time/);
    // Nothing was opened for a command that could not run.
    expect(existsSync(at('data-usage'))).toBe(false);

    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'backup', 'restore', 'export', 'import']) {
      expect(help.stdout).toContain(`watchfloor ${command}`);
    }
  });
});
