// Real Prometheus exporters from Debian for the scrape tests, started on free loopback ports:
// prometheus-node-exporter (text format 0.0.4, only collectors that need no privileges) and a
// small exporter written with python3-prometheus-client, which answers OpenMetrics 1.0.
// scripts/system-peers.mjs installs both; tests skip with the reason when one is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait';

export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
export const PYTHON = '/usr/bin/python3';
export const PYTHON_CLIENT = '/usr/lib/python3/dist-packages/prometheus_client/__init__.py';

/** Why an exporter cannot run here, or undefined when it can. */
export function nodeExporterMissing(): string | undefined {
  return existsSync(NODE_EXPORTER)
    ? undefined
    : `${NODE_EXPORTER} is not installed (apt-get install prometheus-node-exporter)`;
}

export function openMetricsExporterMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  return existsSync(PYTHON_CLIENT)
    ? undefined
    : `${PYTHON_CLIENT} is not installed (apt-get install python3-prometheus-client)`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Exporter {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function started(child: ChildProcess, port: number, name: string): Promise<Exporter> {
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}/metrics`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${log}`);
        return fetch(url)
          .then((r) => r.ok)
          .catch(() => false);
      },
      { timeoutMs: 15_000, what: `${name} on port ${port}` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, stop };
}

/** prometheus-node-exporter on a loopback port, with only collectors that read /proc unprivileged. */
export async function startNodeExporter(): Promise<Exporter> {
  const port = await freePort();
  const child = spawn(
    NODE_EXPORTER,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      '--collector.loadavg',
      '--collector.meminfo',
      '--collector.cpu',
      '--collector.time',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return started(child, port, 'prometheus-node-exporter');
}

/** The OpenMetrics exporter (test/support/openmetrics-exporter.py) on a loopback port. */
export async function startOpenMetricsExporter(): Promise<Exporter> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./openmetrics-exporter.py', import.meta.url));
  const child = spawn(PYTHON, [script, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return started(child, port, 'the python3-prometheus-client exporter');
}
