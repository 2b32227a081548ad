// npm run bench -- cloud [--series N] [--minutes N] [--runs N] [--preset cloudwatch|azure-monitor]
//
// What one poll of a cloud-monitor source costs, on a fresh engine per run (DuckDB history,
// detection, live): a loopback stand-in of the cloud API (test/support/cloud-monitor-standin.ts)
// holds --series series (default 100) of --minutes one-minute points (default 1,380: 23 hours, inside the longest lookback of a day), and
// the source polls a window covering all of them:
//  - first poll: token / signing, every page (CloudWatch: 100,800 points a page), parse, dedup,
//    submit, durable in history — points stored per second;
//  - second poll of the same window: everything fetched again and recognised as delivered —
//    nothing submitted.
// The stand-in runs in the same process (its JSON encoding is counted in the figures). Prints one
// JSON document on stdout (every run, then min/median/max); progress on stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../src/main/engine/config/load-config';
import { Engine } from '../../src/main/engine/engine';
import { metricClient } from '../../src/main/engine/ingest/cloud/cloud-client';
import { CloudSource } from '../../src/main/engine/ingest/cloud/cloud-source';
import { CloudSourceConfig } from '../../src/shared/sources/cloud-schema';
import { startCloudStandin, type CloudStandin } from '../support/cloud-monitor-standin';

const { values: args } = parseArgs({
  options: {
    series: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '1380' },
    runs: { type: 'string', default: '3' },
    preset: { type: 'string', default: 'cloudwatch' },
  },
});
const SERIES = Number(args.series);
const MINUTES = Number(args.minutes);
const RUNS = Number(args.runs);
const PRESET = args.preset === 'azure-monitor' ? 'azure-monitor' : 'cloudwatch';
const log = (m: string) => process.stderr.write(`[bench cloud] ${m}\n`);
const MIN = 60_000;
const VM = (i: number) =>
  `/subscriptions/0000/resourceGroups/bench/providers/Microsoft.Compute/virtualMachines/vm-${i}`;

function fill(standin: CloudStandin, end: number): void {
  const points = (s: number): [number, number][] =>
    Array.from({ length: MINUTES }, (_, k) => [end - (MINUTES - k) * MIN, Math.sin(k / 30 + s) * 50 + 50]);
  for (let s = 0; s < SERIES; s++) {
    standin.cloudwatch.metrics.push({
      namespace: 'AWS/EC2',
      name: 'CPUUtilization',
      dimensions: { InstanceId: `i-${s}` },
      points: points(s),
    });
    standin.azure.resources.set(VM(s), [
      { name: 'Percentage CPU', unit: 'Percent', timeseries: [{ dims: {}, points: points(s) }] },
    ]);
  }
  standin.cloudwatch.pageSize = 100_800;
}

function config(standin: CloudStandin) {
  return CloudSourceConfig.parse({
    id: 'bench',
    preset: PRESET,
    lookbackMs: (MINUTES + 1) * MIN,
    timeoutMs: 120_000,
    azure: {
      tenantId: standin.azure.tenant,
      clientId: standin.azure.clientId,
      clientSecret: standin.azure.clientSecret,
      loginUrl: standin.url,
      managementUrl: standin.url,
    },
    cloudwatch: {
      region: standin.cloudwatch.region,
      accessKeyId: standin.cloudwatch.accessKeyId,
      secretAccessKey: standin.cloudwatch.secretAccessKey,
      endpoint: `${standin.url}/`,
    },
    series: Array.from({ length: SERIES }, (_, s) =>
      PRESET === 'cloudwatch'
        ? {
            device: `vm-${s}`,
            signal: 'cpu',
            resource: 'AWS/EC2',
            metric: 'CPUUtilization',
            dimensions: { InstanceId: `i-${s}` },
          }
        : { device: `vm-${s}`, signal: 'cpu', resource: VM(s), metric: 'Percentage CPU' },
    ),
  });
}

interface Run {
  points: number;
  requests: number;
  firstPollMs: number;
  pointsPerSecond: number;
  secondPollMs: number;
  storedAfterSecond: number;
}

async function run(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-cloud-'));
  const standin = await startCloudStandin();
  const engine = new Engine(
    parseConfig({
      dataDir: dir,
      broker: { embedded: false },
      server: { port: 0 },
      simulator: { enabled: false },
      sources: { mqtt: [] },
    }),
    { log: () => {}, version: 'bench' },
  );
  try {
    await engine.start();
    const end = Math.floor(Date.now() / MIN) * MIN;
    fill(standin, end);
    const c = config(standin);
    const source = new CloudSource(c, engine.services.pipeline, {
      log,
      clock: Date.now,
      client: (signal) => metricClient(c, Date.now, signal),
    });
    const history = engine.services.history;
    const t0 = performance.now();
    await source.pollOnce();
    const firstPollMs = performance.now() - t0;
    const h = source.health();
    if (h.error) throw new Error(h.error);
    const stored = history.stored;
    const t1 = performance.now();
    await source.pollOnce();
    const secondPollMs = performance.now() - t1;
    return {
      points: h.points,
      requests: standin.requests.length,
      firstPollMs: Math.round(firstPollMs),
      pointsPerSecond: Math.round((stored / firstPollMs) * 1000),
      secondPollMs: Math.round(secondPollMs),
      storedAfterSecond: history.stored - stored,
    };
  } finally {
    await engine.stop();
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await run();
    log(`run ${i + 1}: ${JSON.stringify(r)}`);
    runs.push(r);
  }
  const spread = (key: keyof Run) => {
    const v = runs.map((r) => r[key]).sort((a, b) => a - b);
    return { min: v[0], median: v[Math.floor(v.length / 2)], max: v[v.length - 1] };
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'cloud',
        preset: PRESET,
        series: SERIES,
        minutes: MINUTES,
        runs,
        firstPollMs: spread('firstPollMs'),
        pointsPerSecond: spread('pointsPerSecond'),
        secondPollMs: spread('secondPollMs'),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
