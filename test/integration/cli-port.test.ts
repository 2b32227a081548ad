// `--port` names the engine a command talks to (issue 20): the built CLI against real
// `watchfloor serve` processes. Given --port, a command uses the engine on that port whatever
// folder it serves, or fails saying nothing answers there — it never opens the default data
// folder in-process instead. Opening a data directory in-process is said before it starts, and
// refused while another engine holds that directory. Needs `npm run build` first.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { startServeProcess, storedReadings, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function count(stdout: string, verb: 'exported' | 'imported'): number {
  const m = new RegExp(`${verb} (\\d+) readings`).exec(stdout);
  if (!m) throw new Error(`no "${verb} N readings" in: ${stdout}`);
  return Number(m[1]);
}

describe('CLI commands given --port', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let source: ServeProcess | undefined;
  let target: ServeProcess | undefined;
  let targetPort: string;
  const at = (name: string) => join(tmp.path, name);
  // Every command runs with its default data folder moved here: it must never be created.
  const env = () => ({ XDG_CONFIG_HOME: at('xdg') });
  const defaultFolder = () => join(at('xdg'), 'Watchfloor');

  beforeAll(async () => {
    tmp = makeTempDir('watchfloor-cli-port-');
    writeFileSync(at('quiet.json'), JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 } }));
    writeFileSync(at('sim.json'), JSON.stringify({ broker: { port: 0 } }));
    source = await startServeProcess(['--data', at('data-src'), '--config', at('sim.json')]);
    await waitFor(async () => (await storedReadings(source!.url)) >= 20, { what: 'ingest', timeoutMs: 20_000 });
    target = await startServeProcess(['--data', at('data-a'), '--config', at('quiet.json')]);
    targetPort = new URL(target.url).port;
  }, 60_000);

  afterAll(async () => {
    await source?.stop();
    await target?.stop();
    tmp?.remove();
  });

  it('imports a lake into the engine on --port without --data, not into the default data folder', async () => {
    const sourcePort = new URL(source!.url).port;
    const out = await runCli(['export', '--lake', at('lake'), '--port', sourcePort], { env: env() });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`using the engine running at ${source!.url}`);
    const exported = count(out.stdout, 'exported');
    expect(exported).toBeGreaterThan(0);

    const imported = await runCli(['import', '--lake', at('lake'), '--port', targetPort], {
      env: env(),
      timeoutMs: 60_000,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(count(imported.stdout, 'imported')).toBe(exported);
    expect(imported.stdout).toContain(at('data-a'));
    expect(existsSync(defaultFolder())).toBe(false);

    // The readings are in the engine on that port: exported from it again, the lake holds them all.
    const back = await runCli(['export', '--lake', at('lake-a'), '--port', targetPort], { env: env() });
    expect(back.code, back.stderr).toBe(0);
    expect(count(back.stdout, 'exported')).toBe(exported);
  }, 120_000);

  it('fails with a clear message when nothing answers on --port, and opens no data folder', async () => {
    const port = String(await closedPort());
    for (const args of [
      ['backup', at('backup-x'), '--port', port],
      ['import', '--lake', at('lake'), '--port', port],
      ['audit', 'verify', '--port', port],
    ]) {
      const r = await runCli(args, { env: env() });
      expect(r.code, `${args.join(' ')}: ${r.stdout}`).not.toBe(0);
      expect(r.stderr).toContain(`no Watchfloor engine answers at http://127.0.0.1:${port}`);
      expect(r.stderr).not.toContain('opening');
    }
    expect(existsSync(defaultFolder())).toBe(false);
    expect(existsSync(at('backup-x'))).toBe(false);
  });

  it('refuses --data naming another folder than the engine on --port serves', async () => {
    const r = await runCli(['import', '--lake', at('lake'), '--port', targetPort, '--data', at('data-c')], {
      env: env(),
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`serves ${at('data-a')}, not ${at('data-c')}`);
    expect(existsSync(join(at('data-c'), 'history.duckdb'))).toBe(false);
  });

  it('says which data folder it opens in-process before it starts, and refuses one another engine holds', async () => {
    const opened = await runCli(['export', '--lake', at('lake-c'), '--data', at('data-c')], { env: env() });
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stderr.split('\n')[0]).toContain(`opening ${at('data-c')} in this process`);

    // data-a is held by the engine on targetPort; without --port this command looks on the default port.
    const held = await runCli(['export', '--lake', at('lake-held'), '--data', at('data-a')], { env: env() });
    expect(held.code).not.toBe(0);
    expect(held.stderr).toMatch(/data-a is in use by process \d+/);
    expect(held.stderr).not.toContain('opening');
    expect(existsSync(at('lake-held'))).toBe(false);
  });
});
