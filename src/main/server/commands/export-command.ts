// `watchfloor export`: a selection of series (or every signal of a device) over a time range
// to one CSV or Parquet file, or the whole history to a Parquet lake (`--lake DIR`). The
// engine writes the file into its exports folder; we bring it to --out, from disk when it is
// on this machine and over HTTP when the engine is elsewhere.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ExportFormat, SeriesId, Tier, type Job } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import {
  expectArgs,
  listOption,
  LOCATION_OPTIONS,
  resolveConfig,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
  type OptionValues,
} from './command-line';
import { withEngine, type EngineAccess } from './engine-access';
import { followJob } from './job-follow';
import { parseTimeRange } from './time-argument';

const DAY_MS = 24 * 3600 * 1000;

interface SelectionPlan {
  kind: 'selection';
  series: string[];
  devices: string[];
  tier: Tier;
  format: ExportFormat;
  out: string;
  from: number;
  to: number;
}

interface LakePlan {
  kind: 'lake';
  dir: string;
  from: number | undefined;
  to: number | undefined;
}

function plan(values: OptionValues, now: number): SelectionPlan | LakePlan {
  const lake = stringOption(values, 'lake');
  const series = listOption(values, 'series');
  const devices = listOption(values, 'device');
  const from = stringOption(values, 'from');
  const to = stringOption(values, 'to');
  if (lake) {
    const extra = ['series', 'device', 'tier', 'format', 'out'].filter((o) => values[o] !== undefined);
    if (extra.length) throw new UsageError(`--lake exports everything in range; drop --${extra.join(', --')}`);
    // No range means the whole history: a lake is an archive, not a view.
    const range =
      from !== undefined || to !== undefined ? parseTimeRange({ from, to }, { from: () => 0, to: now }) : undefined;
    return { kind: 'lake', dir: resolve(lake), from: range?.from, to: range?.to };
  }
  if (series.length === 0 && devices.length === 0) throw new UsageError('export needs --series, --device or --lake');
  const bad = series.find((s) => !SeriesId.safeParse(s).success);
  if (bad) throw new UsageError(`--series "${bad}" is not "device/signal"`);
  const out = stringOption(values, 'out');
  if (!out) throw new UsageError('export needs --out FILE');
  const tier = Tier.safeParse(stringOption(values, 'tier') ?? 'raw');
  if (!tier.success) throw new UsageError(`--tier must be one of ${Tier.options.join(', ')}`);
  const formatText = stringOption(values, 'format') ?? (extname(out).toLowerCase() === '.parquet' ? 'parquet' : 'csv');
  const format = ExportFormat.safeParse(formatText);
  if (!format.success) throw new UsageError(`--format must be one of ${ExportFormat.options.join(', ')}`);
  const range = parseTimeRange({ from, to }, { from: (t) => Math.max(0, t - DAY_MS), to: now });
  return { kind: 'selection', series, devices, tier: tier.data, format: format.data, out: resolve(out), ...range };
}

/** --device expands to every signal the engine knows for it. */
async function expandSeries(engine: EngineAccess, p: SelectionPlan): Promise<string[]> {
  const all = [...p.series];
  for (const id of p.devices) {
    const device = await engine.request('devices.get', { id });
    if (device.signals.length === 0) throw new EngineError('NOT_FOUND', `device ${id} has no signals to export`);
    all.push(...device.signals.map((s) => `${id}/${s.key}`));
  }
  return [...new Set(all)];
}

async function download(url: string, name: string, out: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(`${url}/api/exports/${encodeURIComponent(name)}`, { headers });
  if (!res.ok || !res.body)
    throw new EngineError('NOT_FOUND', `downloading ${name} from ${url} failed: HTTP ${res.status}`);
  // Into a sibling first, so an interrupted download never looks like a finished file.
  const part = `${out}.part`;
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(part));
    renameSync(part, out);
  } finally {
    rmSync(part, { force: true });
  }
}

/** Brings the engine's file to --out: moved when we made it, copied or downloaded otherwise. */
async function deliver(engine: EngineAccess, job: Job, out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  if (job.path && existsSync(job.path)) {
    if (engine.location === 'remote') {
      copyFileSync(job.path, out); // the running engine still serves it for download
      return;
    }
    try {
      renameSync(job.path, out);
    } catch {
      copyFileSync(job.path, out); // another volume
      rmSync(job.path, { force: true });
    }
    return;
  }
  if (engine.url && job.download) return download(engine.url, job.download, out, engine.headers);
  throw new EngineError('NOT_FOUND', `the export ${job.path ?? job.id} is not reachable from this machine`);
}

async function exportSelection(engine: EngineAccess, p: SelectionPlan, ctx: CommandContext): Promise<string> {
  const series = await expandSeries(engine, p);
  const job = await engine.request('history.export', {
    series,
    from: p.from,
    to: p.to,
    tier: p.tier,
    format: p.format,
  });
  const done = await followJob(engine, job, ctx.status, 'export');
  await deliver(engine, done, p.out);
  const range = `${new Date(p.from).toISOString()} – ${new Date(p.to).toISOString()}`;
  return `exported ${done.rows} rows (${series.length} series, ${p.tier}, ${range}) to ${p.out}`;
}

async function exportLake(engine: EngineAccess, p: LakePlan, ctx: CommandContext): Promise<string> {
  const job = await engine.request('history.exportLake', { dir: p.dir, from: p.from, to: p.to });
  const done = await followJob(engine, job, ctx.status, 'export');
  return `exported ${done.rows} readings to the lake ${p.dir}`;
}

export const exportCommand: Command = {
  options: {
    ...LOCATION_OPTIONS,
    series: { type: 'string', multiple: true },
    device: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    tier: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    lake: { type: 'string' },
  },
  async run(line, ctx) {
    expectArgs(line, 'export', []);
    // Parse everything before touching the data: a typo must not cost an engine start.
    const p = plan(line.values, Date.now());
    const config = resolveConfig(line.values, ctx);
    const result = await withEngine(config, ctx, (engine) =>
      p.kind === 'lake' ? exportLake(engine, p, ctx) : exportSelection(engine, p, ctx),
    );
    ctx.status.clear();
    ctx.out(result);
    return 0;
  },
};
