// Reading a NAB folder (data/, labels/combined_windows.json, config/profiles.json, results/):
// CSV files with "YYYY-MM-DD HH:MM:SS" timestamps (no zone, read as UTC), LF or CRLF line
// endings, kept in file order with repeated and out-of-order timestamps as they are, as NAB does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../../../shared/errors';
import type { CostMatrix } from './scorer';

export interface NabSeries {
  /** "<category>/<file>.csv", the key of the label file. */
  name: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** "2014-04-10 07:15:00" or "2014-04-10 07:15:00.000000" (or with a T) as epoch ms, UTC. */
export function parseNabTime(text: string): number {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return Number.NaN;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
}

/** A two-column CSV (timestamp and one number) with a header row. */
export function parseTwoColumnCsv(text: string, name: string): { timestamps: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/);
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    const t = parseNabTime(comma < 0 ? line : line.slice(0, comma));
    const v = comma < 0 ? Number.NaN : Number(line.slice(comma + 1));
    if (Number.isNaN(t) || !Number.isFinite(v)) {
      throw new EngineError('BAD_REQUEST', `${name}: line ${i + 1} is not "timestamp,value": ${JSON.stringify(line)}`);
    }
    timestamps.push(t);
    values.push(v);
  }
  return { timestamps: Float64Array.from(timestamps), values: Float64Array.from(values) };
}

function csvFilesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...csvFilesUnder(full, `${prefix}${entry}/`));
    else if (entry.endsWith('.csv')) out.push(`${prefix}${entry}`);
  }
  return out;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EngineError('NOT_FOUND', `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EngineError('BAD_REQUEST', `${path} is not JSON: ${(err as Error).message}`);
  }
}

export interface NabCorpus {
  root: string;
  series: NabSeries[];
  /** Windows per series name, [start, end] epoch ms. */
  windows: Map<string, Array<[number, number]>>;
  profiles: Record<string, CostMatrix>;
}

/** Loads the data files (or only `only`, names as in the label file), labels and profiles. */
export function loadNabCorpus(root: string, only?: readonly string[]): NabCorpus {
  const dataDir = join(root, 'data');
  try {
    if (!statSync(dataDir).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new EngineError('NOT_FOUND', `${root} is not a NAB folder: ${dataDir} is missing`);
  }
  const rawWindows = readJson(join(root, 'labels', 'combined_windows.json')) as Record<string, string[][]>;
  const rawProfiles = readJson(join(root, 'config', 'profiles.json')) as Record<string, { CostMatrix: CostMatrix }>;
  const windows = new Map<string, Array<[number, number]>>();
  for (const [name, list] of Object.entries(rawWindows)) {
    windows.set(
      name,
      list.map(([a, b]) => [parseNabTime(a ?? ''), parseNabTime(b ?? '')]),
    );
  }
  const names = only ?? csvFilesUnder(dataDir);
  const series = names.map((name) => {
    if (!windows.has(name))
      throw new EngineError('BAD_REQUEST', `${name} has no entry in labels/combined_windows.json`);
    const text = readFileSync(join(dataDir, name), 'utf8');
    return { name, ...parseTwoColumnCsv(text, name) };
  });
  const profiles: Record<string, CostMatrix> = {};
  for (const [p, v] of Object.entries(rawProfiles)) {
    const c = v.CostMatrix;
    profiles[p] = { tpWeight: c.tpWeight, fpWeight: c.fpWeight, fnWeight: c.fnWeight };
  }
  return { root, series, windows, profiles };
}

/** A published detector's scores, results/<detector>/<category>/<detector>_<file>.csv. */
export function loadNabResults(
  root: string,
  detector: string,
  name: string,
): { timestamps: Float64Array; scores: Float64Array } {
  const slash = name.lastIndexOf('/');
  const path = join(root, 'results', detector, name.slice(0, slash), `${detector}_${name.slice(slash + 1)}`);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const tCol = header.indexOf('timestamp');
  const sCol = header.indexOf('anomaly_score');
  if (tCol < 0 || sCol < 0) throw new EngineError('BAD_REQUEST', `${path}: no timestamp/anomaly_score columns`);
  const ts: number[] = [];
  const sc: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    ts.push(parseNabTime(cells[tCol]!));
    sc.push(Number(cells[sCol]));
  }
  return { timestamps: Float64Array.from(ts), scores: Float64Array.from(sc) };
}
