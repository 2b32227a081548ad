// Debian's `prometheus`, started by a test to scrape something on loopback: a temporary
// prometheus.yml (one job, a short interval, an optional bearer token), its own TSDB directory,
// its web API on a free loopback port. query() reads one instant vector back through
// /api/v1/query, as a user's dashboard would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait';

export const PROMETHEUS_BINARY = process.env.WATCHFLOOR_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL_BINARY = process.env.WATCHFLOOR_PROMTOOL ?? '/usr/bin/promtool';

/** Why the Prometheus tests cannot run here, or undefined when they can. */
export function prometheusMissing(): string | undefined {
  const absent = [PROMETHEUS_BINARY, PROMTOOL_BINARY].filter((f) => !existsSync(f));
  return absent.length === 0
    ? undefined
    : `${absent.join(' and ')} not installed (Debian package prometheus: apt-get install prometheus)`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ScrapeTarget {
  /** host:port */
  target: string;
  path: string;
  bearer?: string;
  job: string;
  intervalSeconds: number;
}

export interface RunningPrometheus {
  url: string;
  /** The instant vector's samples: labels and value. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** What Prometheus says of its targets (health, lastError). */
  targets(): Promise<{ health: string; lastError: string; scrapeUrl: string }[]>;
  stop(): Promise<void>;
  output(): string;
}

export async function startPrometheus(dir: string, scrape: ScrapeTarget): Promise<RunningPrometheus> {
  mkdirSync(join(dir, 'tsdb'), { recursive: true });
  const config = join(dir, 'prometheus.yml');
  const auth = scrape.bearer ? `    authorization:\n      type: Bearer\n      credentials: ${scrape.bearer}\n` : '';
  writeFileSync(
    config,
    `global:\n  scrape_interval: ${scrape.intervalSeconds}s\n  scrape_timeout: ${scrape.intervalSeconds}s\n` +
      `scrape_configs:\n  - job_name: ${scrape.job}\n    metrics_path: ${scrape.path}\n${auth}` +
      `    static_configs:\n      - targets: ['${scrape.target}']\n`,
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${output}`);
      return fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
    },
    { timeoutMs: 20_000, intervalMs: 100, what: 'prometheus to be ready' },
  );
  return {
    url,
    async query(expr) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(expr)}`,
      );
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async targets() {
      const data = await api<{ activeTargets: { health: string; lastError: string; scrapeUrl: string }[] }>(
        '/api/v1/targets',
      );
      return data.activeTargets;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    output: () => output,
  };
}
