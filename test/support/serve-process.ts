// Runs the built `watchfloor serve` as a child process, the way an operator would, and
// stops it afterwards. Needs `npm run build` first (npm test does it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Readings the engine at `url` has stored, as its /api/health reports them. */
export async function storedReadings(url: string): Promise<number> {
  const res = await fetch(`${url}/api/health`);
  if (!res.ok) throw new Error(`${url}/api/health: HTTP ${res.status}`);
  return ((await res.json()) as { readings: { stored: number } }).readings.stored;
}

export interface ServeProcess {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
  /** Kills the engine outright (SIGKILL): no shutdown, no flush. */
  kill(): Promise<void>;
}

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');

/** `cli`: another build's `out/main/cli.js` (a benchmark's "before"); this checkout's by default. */
export async function startServeProcess(args: string[], timeoutMs = 30_000, cli = CLI): Promise<ServeProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const child: ChildProcess = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WATCHFLOOR_MQTT_URL: '' },
  });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /Watchfloor control room: (https?:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
