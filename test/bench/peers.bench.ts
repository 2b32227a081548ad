// npm run bench -- peers [--size N] [--per-series N] [--rounds N] [--only watchfloor,victoria-metrics,influxdb]
//                        [--shape columns|points] [--cli out/main/cli.js] [--keep]
//
// Watchfloor's historian side by side with VictoriaMetrics and InfluxDB 1.x on the same box
// (issue 20). One dataset — size readings as size/per-series series at 1 s, a random walk with
// two decimals — is generated once and loaded into each through its fastest documented bulk
// path (Watchfloor: lake import; VictoriaMetrics: /api/v1/import/csv; InfluxDB: line protocol
// /write in batches of 10,000), each server started here on a loopback port with a temporary
// data directory; a peer whose Debian package is absent is skipped with a message. Before each
// load the bench has the kernel write back what it still holds for the disk (`sync`, logged with
// its size), so that no peer shares the disk with writes not its own: at 100 M readings 640 MB of
// the dataset were still pending when the first load began (it did not change that load's
// time: 25.4 s against 25.6 s without). Then the
// same queries (same series, same windows) go to all three alternately over REST:
//   1 series × 1 h raw · 1 series × 24 h at 1 min · 1 series × whole range in ~1,000 buckets
//   (Watchfloor: its tier for ~1,000 points) · 16 series × 24 h at 1 min.
// Watchfloor answers in its columnar shape (`shape=columns`: `{ t, v }` for readings, `{ t, mean,
// min, max, n }` for buckets), `--shape points` for its default one; VictoriaMetrics answers
// /api/v1/query_range (`[[t, "v"], …]` per series; a rollup() gives min, max and avg as three
// series), InfluxDB /query (`[[t, v], …]`, or `[t, mean, min, max]` per bucket). Each query's
// figures include the bytes of its last answer.
// Prints one JSON document: load rate, server CPU-seconds of the load, disk bytes per reading
// (file sizes once background merges settle), peak RSS, p50/p95 per query, and the ratios to
// Watchfloor's. Needs `npm run build` (the CLI in out/main). Progress goes to stderr.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  deviceOf,
  loadInfluxDb,
  loadVictoriaMetrics,
  loadWatchfloor,
  makeDataset,
  SIGNALS_PER_DEVICE,
  signalOf,
  type Dataset,
} from './support/peer-load';
import {
  cpuSeconds,
  INFLUXD,
  peakRssBytes,
  dirBytes,
  startInfluxDb,
  startVictoriaMetrics,
  startWatchfloor,
  VICTORIA_METRICS,
  type PeerProcess,
} from './support/peer-servers';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '2000000' },
    'per-series': { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '40' },
    only: { type: 'string' },
    shape: { type: 'string', default: 'columns' },
    keep: { type: 'boolean', default: false },
    cli: { type: 'string', default: join(process.cwd(), 'out', 'main', 'cli.js') },
  },
});
const PER_SERIES = Number(args['per-series']);
const SERIES = Math.max(SIGNALS_PER_DEVICE, Math.round(Number(args.size) / PER_SERIES));
const ROUNDS = Number(args.rounds);
const SHAPE = args.shape!;
if (SHAPE !== 'columns' && SHAPE !== 'points') throw new Error(`--shape must be columns or points, not ${SHAPE}`);
const H = 3_600_000;
const log = (m: string) => process.stderr.write(`[bench peers] ${m}\n`);

type PeerName = 'watchfloor' | 'victoria-metrics' | 'influxdb';
interface Query {
  kind: 'oneSeries1h' | 'oneSeries24h' | 'oneSeriesWhole' | 'sixteenSeries24h';
  series: number; // first series (16 consecutive ones, one device, for sixteenSeries24h)
  from: number;
  to: number;
  stepS: number; // 1: raw
}

/** Bytes of the last answer getJson read (the figures keep each query kind's last one). */
let lastBytes = 0;

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  lastBytes = Buffer.byteLength(text);
  return JSON.parse(text);
}

/** One query against one peer; resolves with the number of points (values) it returned. */
async function ask(peer: PeerName, url: string, q: Query): Promise<number> {
  const device = deviceOf(q.series);
  const many = q.kind === 'sixteenSeries24h';
  if (peer === 'watchfloor') {
    // As many points as the peers are asked for: every reading of the hour; ~1,000 over the
    // whole range; over 24 h one a minute from Watchfloor's 1 min rollup (tier=1m, 1,441 buckets
    // as the peers' 60 s steps over the inclusive window).
    const perMinute = q.stepS === 60;
    const limit = q.kind === 'oneSeries1h' ? 4000 : perMinute ? Math.floor((q.to - q.from) / 60_000) + 1 : 1000;
    const tier = perMinute ? '&tier=1m' : '';
    const signal = many ? '' : `&signal=${signalOf(q.series)}`;
    const body = (await getJson(
      `${url}/api/devices/${device}/history?from=${q.from}&to=${q.to}&limit=${limit}${tier}${signal}&shape=${SHAPE}`,
    )) as { meta: { points: number } };
    return body.meta.points;
  }
  if (peer === 'victoria-metrics') {
    const selector = many
      ? `reading{device="${device}"}`
      : `reading{device="${device}",signal="${signalOf(q.series)}"}`;
    const expr = q.stepS === 1 ? selector : `rollup(${selector}[${q.stepS}s])`;
    const params = new URLSearchParams({
      query: expr,
      start: String(q.from / 1000),
      end: String(q.to / 1000),
      step: `${q.stepS}s`,
      nocache: '1',
    });
    const body = (await getJson(`${url}/api/v1/query_range?${params}`)) as {
      data: { result: { values: unknown[] }[] };
    };
    return body.data.result.reduce((n, r) => n + r.values.length, 0);
  }
  const where = many ? `device='${device}'` : `device='${device}' AND signal='${signalOf(q.series)}'`;
  const time = `time >= ${q.from}ms AND time <= ${q.to}ms`;
  const sql =
    q.stepS === 1
      ? `SELECT value FROM reading WHERE ${where} AND ${time}`
      : `SELECT mean(value), min(value), max(value) FROM reading WHERE ${where} AND ${time} GROUP BY time(${q.stepS}s)${many ? ', signal' : ''}`;
  const body = (await getJson(`${url}/query?${new URLSearchParams({ db: 'bench', q: sql, epoch: 'ms' })}`)) as {
    results: { series?: { values: unknown[] }[]; error?: string }[];
  };
  if (body.results[0]?.error) throw new Error(`influxdb: ${body.results[0].error}`);
  return (body.results[0]?.series ?? []).reduce((n, s) => n + s.values.length, 0);
}

/** Dirty and under-writeback page cache (/proc/meminfo), in MB; 0 where there is none. */
function pendingWritebackMb(): number {
  if (!existsSync('/proc/meminfo')) return 0;
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
  return Math.round((kb('Dirty') + kb('Writeback')) / 1024);
}

/** A seeded generator: the same queries every run. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function queries(data: Dataset): Query[] {
  const r = rng(20);
  const span = data.end - data.start;
  const windowAt = (w: number) => {
    const from = data.start + Math.floor((r() * Math.max(0, span - w)) / 1000) * 1000;
    return { from, to: Math.min(data.end, from + w) };
  };
  const devices = Math.floor(data.series / SIGNALS_PER_DEVICE);
  const out: Query[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const one = Math.floor(r() * data.series);
    out.push({ kind: 'oneSeries1h', series: one, ...windowAt(H), stepS: 1 });
    out.push({ kind: 'oneSeries24h', series: one, ...windowAt(24 * H), stepS: 60 });
    out.push({
      kind: 'oneSeriesWhole',
      series: one,
      from: data.start,
      to: data.end,
      stepS: Math.max(1, Math.round(span / 1000 / 1000)),
    });
    const dev = Math.floor(r() * devices) * SIGNALS_PER_DEVICE;
    out.push({ kind: 'sixteenSeries24h', series: dev, ...windowAt(24 * H), stepS: 60 });
  }
  return out;
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(at(50)), p95: r(at(95)), max: r(s[s.length - 1]!) };
}

interface PeerFigures {
  loadSeconds: number;
  loadRowsPerSecond: number;
  loadCpuSeconds: number;
  /** Watchfloor: seconds from the end of the import until no reading waits in readings_hot. */
  compactedAfterSeconds?: number;
  diskBytes: number;
  bytesPerReading: number;
  peakRssMb: number;
  queries: Record<string, { p50: number; p95: number; max: number; n: number; points: number; bytes: number }>;
}

async function main() {
  const wanted = new Set((args.only ?? 'watchfloor,victoria-metrics,influxdb').split(','));
  const peers: PeerName[] = [];
  if (wanted.has('watchfloor')) {
    if (!existsSync(args.cli!)) throw new Error(`${args.cli} is missing: run \`npm run build\` first`);
    peers.push('watchfloor');
  }
  if (wanted.has('victoria-metrics')) {
    if (existsSync(VICTORIA_METRICS)) peers.push('victoria-metrics');
    else log(`skipping VictoriaMetrics: ${VICTORIA_METRICS} is missing (apt-get install victoria-metrics)`);
  }
  if (wanted.has('influxdb')) {
    if (existsSync(INFLUXD)) peers.push('influxdb');
    else log(`skipping InfluxDB: ${INFLUXD} is missing (apt-get install influxdb)`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wf-bench-peers-'));
  const running: Partial<Record<PeerName, PeerProcess>> = {};
  try {
    const end = Math.floor((Date.now() - H) / 1000) * 1000;
    log(`generating ${SERIES} series × ${PER_SERIES} readings at 1 s…`);
    const data = await makeDataset(tmp, SERIES, PER_SERIES, end);
    const total = SERIES * PER_SERIES;
    const figures: Partial<Record<PeerName, PeerFigures>> = {};

    for (const peer of peers) {
      const dir = join(tmp, `data-${peer}`);
      let p: PeerProcess;
      if (peer === 'watchfloor') {
        const devices = Array.from({ length: Math.ceil(SERIES / SIGNALS_PER_DEVICE) }, (_, d) => ({
          id: deviceOf(d * SIGNALS_PER_DEVICE),
          name: deviceOf(d * SIGNALS_PER_DEVICE),
          signals: Array.from({ length: SIGNALS_PER_DEVICE }, (_, s) => ({ key: signalOf(s), intervalMs: 1000 })),
        }));
        const config = join(tmp, 'watchfloor.json');
        writeFileSync(config, JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 }, devices }));
        p = await startWatchfloor(dir, config, args.cli!);
      } else {
        mkdirSync(dir, { recursive: true });
        p = peer === 'victoria-metrics' ? await startVictoriaMetrics(dir) : await startInfluxDb(dir);
      }
      running[peer] = p;
      const cpu0 = cpuSeconds(p.pid);
      const t0 = performance.now();
      // No peer shares the disk with writes still pending from the dataset or the peer before.
      const pending = pendingWritebackMb();
      const tSync = performance.now();
      execFileSync('sync');
      log(
        `${peer}: ${pending} MB were waiting to be written to disk; sync took ${Math.round(performance.now() - tSync)} ms`,
      );
      log(`${peer}: loading ${total.toLocaleString('en-US')} readings…`);
      if (peer === 'watchfloor') await loadWatchfloor(p.url, dir, data.lakeDir);
      else if (peer === 'victoria-metrics') {
        await loadVictoriaMetrics(p.url, data);
        await fetch(`${p.url}/internal/force_flush`);
      } else await loadInfluxDb(p.url, data);
      const loadSeconds = (performance.now() - t0) / 1000;
      const loadCpuSeconds = cpuSeconds(p.pid) - cpu0;
      let compactedAfterSeconds: number | undefined;
      if (peer === 'watchfloor') {
        const t1 = performance.now();
        for (;;) {
          const m = (await getJson(`${p.url}/api/metrics/system`)) as { data: { storage: { hotReadings: number } } };
          if (m.data.storage.hotReadings === 0) break;
          if (performance.now() - t1 > 600_000) throw new Error('readings still wait in readings_hot after 10 min');
          await new Promise((r) => setTimeout(r, 250));
        }
        compactedAfterSeconds = Math.round((performance.now() - t1) / 100) / 10;
      }
      figures[peer] = {
        loadSeconds: Math.round(loadSeconds * 100) / 100,
        loadRowsPerSecond: Math.round(total / loadSeconds),
        loadCpuSeconds: Math.round(loadCpuSeconds * 100) / 100,
        ...(compactedAfterSeconds !== undefined && { compactedAfterSeconds }),
        diskBytes: 0,
        bytesPerReading: 0,
        peakRssMb: Math.round(peakRssBytes(p.pid) / 1048576),
        queries: {},
      };
      log(`${peer}: ${JSON.stringify(figures[peer])}`);
    }

    // ---- queries, alternately: each query goes to every peer in turn, the order rotating ----
    const qs = queries(data);
    const samples: Record<string, Record<string, number[]>> = {};
    const points: Record<string, Record<string, number>> = {};
    const bytes: Record<string, Record<string, number>> = {};
    for (const peer of peers) for (const q of qs.slice(0, 4)) await ask(peer, running[peer]!.url, q); // warm-up
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i]!;
      for (let k = 0; k < peers.length; k++) {
        const peer = peers[(i + k) % peers.length]!;
        const t = performance.now();
        const n = await ask(peer, running[peer]!.url, q);
        ((samples[peer] ??= {})[q.kind] ??= []).push(performance.now() - t);
        (points[peer] ??= {})[q.kind] = n;
        (bytes[peer] ??= {})[q.kind] = lastBytes;
      }
    }
    for (const peer of peers) {
      for (const [kind, s] of Object.entries(samples[peer] ?? {})) {
        figures[peer]!.queries[kind] = { ...percentiles(s), points: points[peer]![kind]!, bytes: bytes[peer]![kind]! };
      }
      figures[peer]!.peakRssMb = Math.round(peakRssBytes(running[peer]!.pid) / 1048576);
    }
    // Disk: the files each leaves once stopped cleanly (VictoriaMetrics holds recent parts in
    // memory until then; InfluxDB's WAL is compacted into TSM by then), everything in its folder.
    for (const peer of peers) {
      await running[peer]!.stop();
      const diskBytes = dirBytes(join(tmp, `data-${peer}`));
      figures[peer]!.diskBytes = diskBytes;
      figures[peer]!.bytesPerReading = Math.round((diskBytes / total) * 1000) / 1000;
    }

    // ---- ratios: Watchfloor's figure over each peer's (< 1 is Watchfloor ahead for times, bytes, CPU) ----
    const ratios: Record<string, Record<string, number | null>> = {};
    const w = figures.watchfloor;
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
    for (const peer of peers) {
      const f = figures[peer]!;
      if (!w || peer === 'watchfloor') continue;
      const r: Record<string, number | null> = {
        loadRate: ratio(w.loadRowsPerSecond, f.loadRowsPerSecond),
        loadCpuSeconds: ratio(w.loadCpuSeconds, f.loadCpuSeconds),
        bytesPerReading: ratio(w.bytesPerReading, f.bytesPerReading),
      };
      for (const kind of Object.keys(w.queries)) {
        r[`${kind}P50`] = ratio(w.queries[kind]!.p50, f.queries[kind]!.p50);
        r[`${kind}P95`] = ratio(w.queries[kind]!.p95, f.queries[kind]!.p95);
      }
      ratios[`watchfloor/${peer}`] = r;
    }
    const out = {
      bench: 'peers',
      series: SERIES,
      readingsPerSeries: PER_SERIES,
      readings: total,
      rounds: ROUNDS,
      watchfloorShape: SHAPE,
      skipped: ['watchfloor', 'victoria-metrics', 'influxdb'].filter(
        (p) => wanted.has(p) && !peers.includes(p as PeerName),
      ),
      figures,
      ratios,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    for (const p of Object.values(running)) await p.stop().catch(() => {});
    if (args.keep) log(`kept the data folders in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
