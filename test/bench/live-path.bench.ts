// npm run bench -- live-path [--messages N] [--devices N] [--rate N] [--qos 0|1] [--runs N]
//                            [--only watchfloor,bridge] [--cli out/main/cli.js] [--profile DIR]
//                            [--commit-ms N]
//
// Issue 20's live figure: CPU per stored reading from MQTT, Watchfloor against the small bridge
// a user would write in front of VictoriaMetrics. Each run starts a fresh Debian mosquitto
// (unlimited queues) and a publisher in its own process that sends --messages JSON readings,
// one per message, over --devices series at --rate messages/s. Then, alternately:
//  (a) the built `watchfloor serve` subscribed to the broker, detection on (default config:
//      rules and statistics on every reading) and a WebSocket client subscribed to
//      live.readings for every device, as a renderer is; measured: the serve process's CPU
//      (user + system from /proc, waited-for children included) from the first message until
//      /api/health says every reading is stored (durable: committed to DuckDB);
//  (b) support/vm-bridge.ts (mqtt.js → JSON lines → batched /api/v1/import) and Debian's
//      victoria-metrics; measured: CPU of bridge + VictoriaMetrics until VictoriaMetrics has
//      taken every reading and a count query over them finds them all (it keeps fresh rows in
//      memory for about a second before they are searchable and written to a part). Skipped
//      with a message when victoria-metrics is not installed.
// The broker's CPU is reported apart (the same work for both, counted for neither); so are the
// publisher's. Prints one JSON document: CPU-s per 1 M readings, the ratio, throughput, readings
// lost, per run and min–max over the runs. Needs `npm run build`. Progress goes to stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMosquitto, type Mosquitto } from '../support/mosquitto';
import { scriptArgs } from './support/bench-script';
import { openLiveWatch } from './support/live-watch';
import { peakRssBytes, startVictoriaMetrics, startWatchfloor, VICTORIA_METRICS } from './support/peer-servers';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1200000' },
    devices: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '20000' },
    qos: { type: 'string', default: '0' },
    runs: { type: 'string', default: '1' },
    only: { type: 'string', default: 'watchfloor,bridge' },
    cli: { type: 'string', default: join(process.cwd(), 'out', 'main', 'cli.js') },
    // a folder: the serve process writes its CPU profile there (node --cpu-prof) when it stops
    profile: { type: 'string' },
    // Watchfloor's ingest.commitIntervalMs (default: the engine's own, 10 ms)
    'commit-ms': { type: 'string' },
  },
});
const MESSAGES = Number(args.messages);
const DEVICES = Number(args.devices);
const RATE = Number(args.rate);
const QOS = Number(args.qos);
const RUNS = Number(args.runs);
const TOPIC = 'live/{device}';
const STALL_MS = 60_000;
const log = (m: string) => process.stderr.write(`[bench live-path] ${m}\n`);

type Side = 'watchfloor' | 'bridge';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** CPU-seconds (user + system, waited-for children included) the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100; // utime stime cutime cstime
}

/** CPU-seconds per thread name (main thread, libuv pool, DuckDB's, V8's GC helpers…). */
function cpuByThread(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[\d:-]+$/, '') || '?';
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = tid === String(pid) ? 'main' : comm;
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function threadDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, round(v - (before[k] ?? 0))] as const)
      .filter(([, v]) => v > 0),
  );
}

interface Published {
  messages: number;
  readings: number;
  seconds: number;
}

/** Helper processes of the current run, ended by the run's cleanup whatever happened. */
const helpers = new Set<ChildProcess>();

function startPublisher(url: string): { child: ChildProcess; done: Promise<Published> } {
  const child = spawn(
    process.execPath,
    [
      ...scriptArgs('support/mqtt-publisher'),
      ...['--url', url, '--rate', String(RATE), '--messages', String(MESSAGES)],
      ...['--seconds', String(Math.ceil((MESSAGES / RATE) * 3) + 60), '--devices', String(DEVICES)],
      ...['--topic', TOPIC, '--values', 'wave', '--device-prefix', 'line-', '--qos', String(QOS)],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  helpers.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<Published>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Published) : reject(new Error(`publisher exited ${code}`)),
    ),
  );
  return { child, done };
}

/**
 * Waits until `stored()` reaches the published count (once known), or nothing moves for
 * STALL_MS; throws when the publisher fails.
 */
async function untilStored(stored: () => Promise<number> | number, published: Promise<Published>): Promise<number> {
  let target = MESSAGES;
  let failed: Error | undefined;
  published.then(
    (p) => (target = p.readings),
    (err: Error) => (failed = err),
  );
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    if (failed) throw failed;
    const n = await stored();
    if (n >= target) return n;
    if (n !== last) {
      last = n;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALL_MS) {
      log(`stalled at ${n} of ${target} stored`);
      return n;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface RunFigures {
  side: Side;
  published: number;
  stored: number;
  lost: number;
  seconds: number;
  readingsPerSecond: number;
  cpuSeconds: number;
  cpuSecondsPerMillion: number;
  /** Per process measured (Watchfloor: serve; bridge: bridge and VictoriaMetrics). */
  cpuBy: Record<string, number>;
  brokerCpuSeconds: number;
  publisherSeconds: number;
  peakRssMb: Record<string, number>;
  liveReadings?: number;
  /** Watchfloor: CPU-seconds by thread (threads that ended during the run are not counted here). */
  threads?: Record<string, number>;
}

function figures(
  side: Side,
  sent: Published,
  stored: number,
  seconds: number,
  cpuBy: Record<string, number>,
  broker: number,
): RunFigures {
  const cpu = Object.values(cpuBy).reduce((a, b) => a + b, 0);
  return {
    side,
    published: sent.readings,
    stored,
    lost: sent.readings - stored,
    seconds: round(seconds, 1),
    readingsPerSecond: Math.round(stored / seconds),
    cpuSeconds: round(cpu),
    cpuSecondsPerMillion: round((cpu / Math.max(1, stored)) * 1e6),
    cpuBy: Object.fromEntries(Object.entries(cpuBy).map(([k, v]) => [k, round(v)])),
    brokerCpuSeconds: round(broker),
    publisherSeconds: round(sent.seconds, 1),
    peakRssMb: {},
  };
}

async function runWatchfloor(tmp: string, broker: Mosquitto): Promise<RunFigures> {
  const config = join(tmp, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'plant', url: broker.url, topics: ['live/+'], qos: QOS }] },
      ...(args['commit-ms'] !== undefined && { ingest: { commitIntervalMs: Number(args['commit-ms']) } }),
    }),
  );
  const dataDir = join(tmp, 'watchfloor-data');
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const serve = await startWatchfloor(dataDir, config, args.cli!, profile);
  const live = await openLiveWatch(serve.url, dataDir);
  try {
    await new Promise((r) => setTimeout(r, 4000)); // the MQTT source connects and subscribes
    const health = async () =>
      ((await (await fetch(`${serve.url}/api/health`)).json()) as { readings: { stored: number } }).readings.stored;
    const cpu0 = cpuSeconds(serve.pid);
    const threads0 = cpuByThread(serve.pid);
    const broker0 = cpuSeconds(broker.pid);
    const t0 = performance.now();
    const pub = startPublisher(broker.url);
    const stored = await untilStored(health, pub.done);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(serve.pid) - cpu0;
    const threads = threadDelta(cpuByThread(serve.pid), threads0);
    const brokerCpu = cpuSeconds(broker.pid) - broker0;
    const sent = await pub.done;
    const f = figures('watchfloor', sent, stored, seconds, { serve: cpu }, brokerCpu);
    f.peakRssMb = { serve: Math.round(peakRssBytes(serve.pid) / 1048576) };
    f.liveReadings = live.readings();
    f.threads = threads;
    return f;
  } finally {
    live.close();
    await serve.stop();
  }
}

async function runBridge(tmp: string, broker: Mosquitto): Promise<RunFigures> {
  const vmDir = join(tmp, 'vm-data');
  mkdirSync(vmDir, { recursive: true });
  // Fresh samples visible to queries at once (the default hides the last 30 s).
  const vm = await startVictoriaMetrics(vmDir, ['-search.latencyOffset=0s']);
  const bridge = spawn(
    process.execPath,
    [...scriptArgs('support/vm-bridge'), '--url', broker.url, '--vm', vm.url, '--qos', String(QOS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  helpers.add(bridge);
  const bridgeExited = new Promise<void>((r) => bridge.once('exit', () => r()));
  let imported = 0;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  let buf = '';
  bridge.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      const m = JSON.parse(line) as { imported: number; ready?: boolean };
      imported = m.imported;
      if (m.ready) ready();
    }
  });
  try {
    await isReady;
    const cpu0 = { bridge: cpuSeconds(bridge.pid!), vm: cpuSeconds(vm.pid) };
    const broker0 = cpuSeconds(broker.pid);
    const t0 = performance.now();
    const pub = startPublisher(broker.url);
    // Taken by VictoriaMetrics, then queryable (it holds fresh rows in memory for about a second).
    await untilStored(() => imported, pub.done);
    const count = async () => {
      const q = new URLSearchParams({ query: 'sum(count_over_time(reading[1d]))', time: String(Date.now() / 1000) });
      const body = (await (await fetch(`${vm.url}/api/v1/query?${q}`)).json()) as {
        data: { result: { value: [number, string] }[] };
      };
      return Number(body.data.result[0]?.value[1] ?? 0);
    };
    const stored = await untilStored(count, pub.done);
    const seconds = (performance.now() - t0) / 1000;
    const cpuBy = {
      bridge: cpuSeconds(bridge.pid!) - cpu0.bridge,
      victoriaMetrics: cpuSeconds(vm.pid) - cpu0.vm,
    };
    const brokerCpu = cpuSeconds(broker.pid) - broker0;
    const sent = await pub.done;
    const f = figures('bridge', sent, stored, seconds, cpuBy, brokerCpu);
    f.peakRssMb = {
      bridge: Math.round(peakRssBytes(bridge.pid!) / 1048576),
      victoriaMetrics: Math.round(peakRssBytes(vm.pid) / 1048576),
    };
    return f;
  } finally {
    if (bridge.exitCode === null) bridge.kill('SIGTERM');
    await bridgeExited;
    await vm.stop();
  }
}

function spread(runs: RunFigures[], pick: (f: RunFigures) => number) {
  const v = runs.map(pick);
  return { min: round(Math.min(...v)), max: round(Math.max(...v)) };
}

async function main() {
  const wanted = new Set(args.only!.split(','));
  const sides: Side[] = [];
  if (wanted.has('watchfloor')) {
    if (!existsSync(args.cli!)) throw new Error(`${args.cli} is missing: run \`npm run build\` first`);
    sides.push('watchfloor');
  }
  const skipped: string[] = [];
  if (wanted.has('bridge')) {
    if (existsSync(VICTORIA_METRICS)) sides.push('bridge');
    else {
      skipped.push('bridge');
      log(`skipping the bridge + VictoriaMetrics: ${VICTORIA_METRICS} is missing (apt-get install victoria-metrics)`);
    }
  }
  const runs: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which side goes first, so neither always has the quieter minute.
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const tmp = mkdtempSync(join(tmpdir(), 'wf-bench-live-'));
      const broker = await startMosquitto(tmp);
      try {
        log(`run ${i + 1}/${RUNS}: ${side}, ${MESSAGES.toLocaleString('en-US')} messages at ${RATE}/s…`);
        const f = side === 'watchfloor' ? await runWatchfloor(tmp, broker) : await runBridge(tmp, broker);
        log(JSON.stringify(f));
        runs.push(f);
      } finally {
        for (const child of helpers) if (child.exitCode === null) child.kill('SIGKILL');
        helpers.clear();
        await broker.stop();
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  const of = (side: Side) => runs.filter((r) => r.side === side);
  const summary = Object.fromEntries(
    sides.map((side) => [
      side,
      {
        cpuSecondsPerMillion: spread(of(side), (f) => f.cpuSecondsPerMillion),
        readingsPerSecond: spread(of(side), (f) => f.readingsPerSecond),
        lost: spread(of(side), (f) => f.lost),
        brokerCpuSeconds: spread(of(side), (f) => f.brokerCpuSeconds),
      },
    ]),
  );
  const w = of('watchfloor');
  const b = of('bridge');
  const ratio =
    w.length > 0 && b.length > 0
      ? w.map((f, i) => round(f.cpuSecondsPerMillion / (b[i] ?? b[0]!).cpuSecondsPerMillion))
      : null;
  const out = {
    bench: 'live-path',
    messages: MESSAGES,
    devices: DEVICES,
    offeredRate: RATE,
    qos: QOS,
    readingsPerMessage: 1,
    skipped,
    summary,
    /** Watchfloor's CPU per reading over the bridge's, per run (≤ 1: Watchfloor is as cheap or cheaper). */
    ratioWatchfloorToBridge: ratio,
    runs,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
