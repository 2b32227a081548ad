// The three historians of `npm run bench -- peers`, each started by the bench on a loopback port
// with a temporary data directory: Watchfloor (the built `watchfloor serve`), VictoriaMetrics
// and InfluxDB 1.x (Debian's `victoria-metrics` and `influxd`, used when installed, never
// installed here). Each is a child process whose CPU time and peak RSS are read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const VICTORIA_METRICS = '/usr/bin/victoria-metrics';
export const INFLUXD = '/usr/bin/influxd';

export interface PeerProcess {
  name: string;
  url: string;
  pid: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TICKS_PER_S = 100; // Linux USER_HZ

/** CPU-seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime, stime (fields 14, 15)
}

/** The process's peak resident set (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Every file's size under dir, summed: the bytes on disk as `ls` sees them. */
export function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

async function ready(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function launch(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    name,
  };
}

/**
 * `watchfloor serve` (the built CLI) with its simulator off and the devices the data names.
 * `nodeArgs`: flags for node itself (a bench's `--profile` passes `--cpu-prof`).
 */
export async function startWatchfloor(
  dataDir: string,
  configFile: string,
  cli: string,
  nodeArgs: readonly string[] = [],
): Promise<PeerProcess> {
  const port = await freePort();
  const p = launch('watchfloor', process.execPath, [
    ...nodeArgs,
    cli,
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data',
    dataDir,
    '--config',
    configFile,
  ]);
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/api/health`, p.child, p.output, 60_000);
  return { name: p.name, url, pid: p.child.pid!, dataDir, output: p.output, stop: p.stop };
}

/** `extraArgs`: more flags (the live-path bench makes fresh samples visible at once). */
export async function startVictoriaMetrics(dataDir: string, extraArgs: readonly string[] = []): Promise<PeerProcess> {
  const port = await freePort();
  const p = launch('victoria-metrics', VICTORIA_METRICS, [
    `-storageDataPath=${dataDir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=100y',
    '-loggerLevel=ERROR',
    // No rollup-result cache: every query of the bench is answered from storage, as Watchfloor's are.
    '-search.disableCache',
    ...extraArgs,
  ]);
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/health`, p.child, p.output);
  return { name: p.name, url, pid: p.child.pid!, dataDir, output: p.output, stop: p.stop };
}

/** influxd 1.x with short cold durations, so that its cache is snapshotted and compacted into TSM soon. */
export async function startInfluxDb(dataDir: string): Promise<PeerProcess> {
  const port = await freePort();
  const rpc = await freePort();
  const config = join(dataDir, 'influxdb.conf');
  writeFileSync(
    config,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpc}"
[meta]
  dir = "${dataDir}/meta"
[data]
  dir = "${dataDir}/data"
  wal-dir = "${dataDir}/wal"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "2s"
  compact-full-write-cold-duration = "5s"
  max-series-per-database = 0
  max-values-per-tag = 0
[retention]
  enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[http]
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
  max-body-size = 0
`,
  );
  const p = launch('influxdb', INFLUXD, ['-config', config]);
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/ping`, p.child, p.output);
  const res = await fetch(`${url}/query`, {
    method: 'POST',
    body: new URLSearchParams({ q: 'CREATE DATABASE bench' }),
  });
  if (!res.ok) throw new Error(`influxdb: CREATE DATABASE: ${res.status} ${await res.text()}`);
  return { name: p.name, url, pid: p.child.pid!, dataDir, output: p.output, stop: p.stop };
}
