// npm run bench -- soak [--minutes N] [--devices N] [--signals N] [--rate N] [--qos 0|1]
//                       [--sample-seconds N] [--keep DIR] [--wrap "CMD ARGS"]
//
// Memory over months, compressed into hours: the engine as `watchfloor serve` runs it (its own
// process: support/soak-engine.ts; HTTP server, embedded broker, the simulator feeding the
// default plant), plus a publisher in another process sending 1,000 devices × 5 signals, one
// reading per message, 5,000 messages/s over MQTT (QoS 1) to the default topic, for --minutes
// (default 120: the figure of record; 10 for a quick look). Samples the engine's resident
// memory, JS heap and DuckDB's own account every --sample-seconds, and prints:
//  - the curve (one point a minute, or fewer on long runs);
//  - RSS before load, after warm-up (10 min, or a quarter of a short run), at the end, peak;
//  - the growth rate over the last hour (the last half of runs shorter than 2 h): least squares
//    slope of RSS (and heap, DuckDB) against time, in MiB and MB per minute;
//  - received vs stored: every reading the publisher sent is stored, and everything the
//    engine received (publisher and simulator) is stored or was a duplicate.
// The engine starts with --heapsnapshot-signal=SIGUSR2 (snapshots land in the data directory,
// see --keep), so `kill -USR2 <pid>` during a run takes one; --wrap runs it under a native
// profiler (e.g. --wrap "heaptrack -o /tmp/engine").
// Prints one JSON document on stdout; progress goes to stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scriptArgs } from './support/bench-script';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '120' },
    devices: { type: 'string', default: '1000' },
    signals: { type: 'string', default: '5' },
    rate: { type: 'string', default: '5000' },
    qos: { type: 'string', default: '1' },
    'sample-seconds': { type: 'string', default: '10' },
    keep: { type: 'string' },
    wrap: { type: 'string' },
  },
});
const MINUTES = Number(args.minutes);
const SAMPLE_MS = Number(args['sample-seconds']) * 1000;
const PREFIX = 'soak-';
const MiB = 1048576;
const log = (m: string) => process.stderr.write(`[bench soak] ${m}\n`);

interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  heapAfterMajorGc: number;
  external: number;
  arrayBuffers: number;
  malloced: number;
  duckdb: number;
  duckdbTemporary: number;
  duckdbByTag: Record<string, number>;
  received: number;
  stored: number;
  duplicates: number;
  queued: number;
  pending: number;
  deadLetters: number;
  activeAlarms: number;
  series: number;
  simulatorPublished: number;
}

/** The engine child, and requests answered over its IPC channel (matched by id). */
class EngineProcess {
  private readonly waiting = new Map<number, (m: { type: string }) => void>();
  private nextId = 1;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: { type: string; id?: number }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      w(m);
    });
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  request<T>(message: object, type: string): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => (m.type === type ? resolve(m as T) : reject(new Error(JSON.stringify(m)))));
      this.child.send({ ...message, id });
    });
  }
}

function startEngine(dataDir: string): Promise<{ engine: EngineProcess; brokerUrl: string; pid: number }> {
  const wrap = args.wrap ? args.wrap.split(' ').filter(Boolean) : [];
  const child = spawn(
    wrap[0] ?? process.execPath,
    [
      ...(wrap.length ? [...wrap.slice(1), process.execPath] : []),
      `--heapsnapshot-signal=SIGUSR2`,
      `--diagnostic-dir=${dataDir}`,
      ...scriptArgs('support/soak-engine'),
      '--data',
      dataDir,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const engine = new EngineProcess(child);
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; brokerUrl: string; pid: number }) =>
      m.type === 'ready' ? resolve({ engine, brokerUrl: m.brokerUrl, pid: m.pid }) : reject(new Error(m.type)),
    );
    child.once('exit', (code) => reject(new Error(`soak engine exited ${code}`)));
  });
}

function publish(url: string, seconds: number): Promise<{ messages: number; readings: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...scriptArgs('support/mqtt-publisher'),
        ...['--url', url, '--rate', args.rate!, '--seconds', String(seconds), '--qos', args.qos!],
        ...['--devices', args.devices!, '--signals', args.signals!, '--device-prefix', PREFIX],
        ...['--topic', 'watchfloor/devices/{device}/telemetry', '--values', 'wave'],
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { messages: number; readings: number; seconds: number })
        : reject(new Error(`publisher exited ${code}`)),
    );
  });
}

/** Least-squares slope of y against x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) * (x - mx);
  }
  return den === 0 ? NaN : num / den;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function main() {
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'wf-bench-soak-'));
  const { engine, brokerUrl, pid } = await startEngine(join(dir, 'data'));
  log(`engine pid ${pid} (kill -USR2 ${pid} writes a heap snapshot into ${join(dir, 'data')}), broker ${brokerUrl}`);
  const samples: Sample[] = [];
  let t0 = 0;
  const sample = async () => {
    const s = await engine.request<Sample>({ cmd: 'sample' }, 'sample');
    samples.push(s);
    return s;
  };
  try {
    await new Promise((r) => setTimeout(r, 5000)); // the simulator's first readings, start-up settled
    const idle = await sample();
    t0 = Date.now();
    log(`idle: rss ${Math.round(idle.rss / MiB)} MiB; publishing for ${MINUTES} min`);
    const published = publish(brokerUrl, MINUTES * 60);
    let lastLog = 0;
    const sampler = setInterval(() => {
      void sample().then((s) => {
        if (s.at - lastLog >= 60_000) {
          lastLog = s.at;
          log(
            `${r1((s.at - t0) / 60_000)} min: rss ${Math.round(s.rss / MiB)} MiB, heap ${Math.round(s.heapUsed / MiB)} MiB, ` +
              `duckdb ${Math.round(s.duckdb / MiB)} MiB, stored ${s.stored}, pending ${s.pending}`,
          );
        }
      });
    }, SAMPLE_MS);
    const sent = await published;
    clearInterval(sampler);
    const publishedAt = Date.now();
    // Everything received must become durable: wait until stored catches up (or 2 minutes pass).
    let last = await sample();
    while (Date.now() - publishedAt < 120_000) {
      await engine.request({ cmd: 'drain' }, 'drained');
      last = await sample();
      if (last.queued === 0 && last.pending === 0 && last.stored + last.duplicates >= last.received) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const { rows } = await engine.request<{ rows: number }>({ cmd: 'count', prefix: PREFIX }, 'count');

    const loaded = samples.filter((s) => s.at >= t0 && s.at <= publishedAt);
    const minutesOf = (s: Sample) => (s.at - t0) / 60_000;
    const windowMinutes = MINUTES >= 120 ? 60 : MINUTES / 2;
    const windowed = loaded.filter((s) => minutesOf(s) >= MINUTES - windowMinutes);
    const perMin = (pick: (s: Sample) => number) => slope(windowed.map((s) => [minutesOf(s), pick(s)]));
    const warmUpMinutes = Math.min(10, MINUTES / 4);
    const at = (minute: number) => loaded.find((s) => minutesOf(s) >= minute) ?? loaded.at(-1)!;
    const every = Math.max(1, Math.round(MINUTES / 120));
    const curve: object[] = [];
    for (let m = 0; m <= MINUTES; m += every) {
      const s = at(m);
      if (curve.length > 0 && (curve.at(-1) as { minute: number }).minute === r1(minutesOf(s))) continue;
      curve.push({
        minute: r1(minutesOf(s)),
        rssMiB: r1(s.rss / MiB),
        heapUsedMiB: r1(s.heapUsed / MiB),
        heapTotalMiB: r1(s.heapTotal / MiB),
        liveHeapMiB: r1(s.heapAfterMajorGc / MiB),
        externalMiB: r1(s.external / MiB),
        duckdbMiB: r1(s.duckdb / MiB),
        stored: s.stored,
      });
    }
    const end = loaded.at(-1)!;
    const rssSlope = perMin((s) => s.rss);
    const result = {
      benchmark: 'soak',
      machine: { cpus: cpus().length, totalMemoryMiB: Math.round(totalmem() / MiB), node: process.versions.node },
      load: {
        minutes: MINUTES,
        devices: Number(args.devices),
        signals: Number(args.signals),
        messagesPerSecond: Number(args.rate),
        qos: Number(args.qos),
        publishedReadings: sent.readings,
        publisherSeconds: r1(sent.seconds),
        simulatorPublished: last.simulatorPublished,
      },
      rssMiB: {
        beforeLoad: r1(idle.rss / MiB),
        [`afterWarmUp${warmUpMinutes}Min`]: r1(at(warmUpMinutes).rss / MiB),
        [`atWindowStart${MINUTES - windowMinutes}Min`]: r1(windowed[0]!.rss / MiB),
        end: r1(end.rss / MiB),
        peak: r1(Math.max(...loaded.map((s) => s.rss)) / MiB),
      },
      growthOverLast: {
        minutes: windowMinutes,
        samples: windowed.length,
        rssMiBPerMin: r3(rssSlope / MiB),
        rssMBPerMin: r3(rssSlope / 1e6),
        heapUsedMiBPerMin: r3(perMin((s) => s.heapUsed) / MiB),
        heapTotalMiBPerMin: r3(perMin((s) => s.heapTotal) / MiB),
        liveHeapMiBPerMin: r3(perMin((s) => s.heapAfterMajorGc) / MiB),
        externalMiBPerMin: r3(perMin((s) => s.external) / MiB),
        duckdbMiBPerMin: r3(perMin((s) => s.duckdb) / MiB),
      },
      endState: {
        heapUsedMiB: r1(end.heapUsed / MiB),
        liveHeapMiB: r1(end.heapAfterMajorGc / MiB),
        externalMiB: r1(end.external / MiB),
        arrayBuffersMiB: r1(end.arrayBuffers / MiB),
        mallocedMiB: r1(end.malloced / MiB),
        duckdbMiB: r1(end.duckdb / MiB),
        duckdbByTagMiB: Object.fromEntries(Object.entries(end.duckdbByTag).map(([k, v]) => [k, r1(v / MiB)])),
        series: end.series,
        deadLetters: end.deadLetters,
        activeAlarms: end.activeAlarms,
      },
      receivedVsStored: {
        published: sent.readings,
        storedOfPublished: rows,
        lostOfPublished: sent.readings - rows,
        engineReceived: last.received,
        engineStored: last.stored,
        duplicates: last.duplicates,
        lost: last.received - last.stored - last.duplicates,
      },
      curve,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    engine.child.send({ cmd: 'stop' });
    await Promise.race([engine.exited, new Promise((r) => setTimeout(r, 30_000))]);
    if (engine.child.exitCode === null) engine.child.kill('SIGKILL');
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
