// `watchfloor simulate` as an operator runs it — the built CLI — against a real engine and its
// embedded broker: what the simulator says was accepted is what the engine stores, the fleet
// registers itself, and the label file is a truthful record of the faults (nothing published
// inside a dropout or an offline interval). Needs `npm run build` first (npm test does it).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { FaultLabel } from '../../src/main/engine/simulator/fleet/fault';
import { runCli, type CliResult } from '../support/cli-process';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

interface Summary {
  published: number;
  readings: number;
  failed: number;
  faults: Record<string, number>;
  seconds: number;
  seed: number;
}

const CLI = join(process.cwd(), 'out', 'main', 'cli.js');

function summaryOf(r: CliResult): Summary {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim()) as Summary;
}

function readLabels(file: string): FaultLabel[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FaultLabel);
}

/** Runs `watchfloor simulate` until its start line shows, lets it publish a while, then sends SIGINT. */
function interruptAfter(args: string[], ms: number): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'simulate', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let armed = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!armed && stderr.includes('until Ctrl-C')) {
        armed = true;
        setTimeout(() => child.kill('SIGINT'), ms);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('watchfloor simulate into an engine over MQTT', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let url: string;

  beforeAll(async () => {
    dir = makeTempDir('watchfloor-simulate-');
    engine = await startEngine(dir.path, { simulator: { enabled: false } });
    url = engine.services.broker!.url;
  });

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('publishes 20 devices × 3 signals with faults; the engine stores exactly what was accepted', async () => {
    const labelsFile = join(dir.path, 'labels.jsonl');
    const runStart = Date.now();
    const r = await runCli([
      'simulate',
      ...['--devices', '20', '--signals', '3', '--interval-ms', '200', '--duration', '3'],
      ...['--to', url, '--seed', '42', '--fault-rate', '30', '--labels', labelsFile],
    ]);
    const runEnd = Date.now();
    const summary = summaryOf(r);
    expect(r.stderr).toContain('20 devices × 3 signals every 200 ms');

    // 20 × 3 × 15 ticks, less what dropouts and offline devices withheld.
    expect(summary.failed).toBe(0);
    expect(summary.published).toBe(summary.readings);
    expect(summary.readings).toBeGreaterThan(450);
    expect(summary.readings).toBeLessThanOrEqual(900);
    expect(summary.seconds).toBeGreaterThanOrEqual(3);
    expect(summary.seconds).toBeLessThan(5);
    expect(summary.seed).toBe(42);
    await waitFor(() => engine.services.history.stored >= summary.readings, {
      timeoutMs: 15_000,
      what: 'readings stored',
    });
    expect(engine.services.history.stored).toBe(summary.readings);
    expect(engine.services.deadLetters.count).toBe(0);

    const stored = await engine.services.history.countBySeries();
    const devices = new Set([...stored.keys()].map((s) => s.split('/')[0]!));
    expect(devices.size).toBeGreaterThanOrEqual(15);
    for (const id of devices) {
      expect(id).toMatch(/^fleet-00(0[1-9]|1\d|20)$/);
      expect(engine.services.registry.get(id)).toMatchObject({ unconfigured: true });
      const signals = engine.services.registry.get(id)!.signals.map((s) => s.key);
      expect(['temperature', 'pressure', 'vibration']).toEqual(expect.arrayContaining(signals));
    }

    const labels = readLabels(labelsFile);
    const injected = Object.values(summary.faults).reduce((s, n) => s + n, 0);
    expect(injected).toBeGreaterThan(5);
    expect(labels).toHaveLength(injected);
    for (const [kind, n] of Object.entries(summary.faults))
      expect(labels.filter((l) => l.kind === kind)).toHaveLength(n);
    for (const l of labels) {
      expect(Date.parse(l.start)).toBeGreaterThanOrEqual(runStart);
      expect(Date.parse(l.end)).toBeGreaterThan(Date.parse(l.start));
      expect(Date.parse(l.end)).toBeLessThanOrEqual(runEnd);
      expect(l.signal === null).toBe(l.kind === 'offline');
    }

    // The labels are the truth: nothing reached history inside a dropout or an offline interval.
    const silent = labels.filter((l) => l.kind === 'dropout' || l.kind === 'offline');
    expect(silent.length).toBeGreaterThan(0);
    for (const l of silent) {
      const series = l.signal
        ? [`${l.device}/${l.signal}`]
        : ['temperature', 'pressure', 'vibration'].map((s) => `${l.device}/${s}`);
      const points = await engine.services.history.query(
        series,
        Date.parse(l.start),
        Date.parse(l.end) - 1,
        10_000,
        'raw',
      );
      expect(points.flatMap((p) => p.ts)).toEqual([]);
    }
    // …and each spike's readings are there, as many as it had ticks.
    const spikes = labels.filter((x) => x.kind === 'spike' && !x.truncated);
    expect(spikes.length).toBeGreaterThan(0);
    for (const l of spikes) {
      const [p] = await engine.services.history.query(
        [`${l.device}/${l.signal}`],
        Date.parse(l.start),
        Date.parse(l.end) - 1,
        100,
        'raw',
      );
      expect(p?.ts).toHaveLength(l.ticks as number);
    }
  });

  it('sends one message per device and tick with --batch, and stops cleanly on Ctrl-C', async () => {
    const labelsFile = join(dir.path, 'labels-interrupted.jsonl');
    const before = engine.services.history.stored;
    const r = await interruptAfter(
      [
        ...['--devices', '10', '--signals', '4', '--interval-ms', '100', '--batch', '--qos', '0'],
        ...['--to', `${url}/watchfloor/devices`, '--fault-rate', '60', '--labels', labelsFile],
      ],
      1500,
    );
    const summary = summaryOf(r);
    expect(r.stderr).toContain('SIGINT: stopping');
    expect(summary.seconds).toBeGreaterThan(1);
    // Four signals per message, except where a dropout took one (or an offline device all).
    expect(summary.readings).toBeGreaterThan(summary.published * 3);
    expect(summary.readings).toBeLessThanOrEqual(summary.published * 4);
    await waitFor(() => engine.services.history.stored - before >= summary.readings, {
      timeoutMs: 15_000,
      what: 'batch stored',
    });
    expect(engine.services.history.stored - before).toBe(summary.readings);
    const labels = readLabels(labelsFile);
    expect(labels).toHaveLength(Object.values(summary.faults).reduce((s, n) => s + n, 0));
    // The faults still open at Ctrl-C were written, cut to the moment it stopped.
    expect(labels.some((l) => l.truncated === true)).toBe(true);
  });

  it('refuses a wrong command line with exit code 2, and an unreachable broker with 1', async () => {
    for (const args of [
      ['--devices', '20'],
      ['--to', url, '--devices', '0'],
      ['--to', url, '--faults', 'spike,melt'],
      ['--to', 'kafka://127.0.0.1:9092/t', '--qos', '1'],
      ['--to', 'amqp://127.0.0.1'],
    ]) {
      const r = await runCli(['simulate', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('watchfloor simulate');
    }
    const unreachable = await runCli(['simulate', '--to', 'mqtt://127.0.0.1:1', '--duration', '1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot connect to mqtt://127.0.0.1:1');
  });
});
