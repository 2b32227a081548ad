// `watchfloor import FILE`: a CSV or Parquet file into history through the engine's import
// job, with the column mapping guessed from the file and corrected by flags; `--preview`
// prints what the first rows would become and stores nothing. Progress goes to stderr, the
// summary to stdout as JSON (rows, stored, duplicates, rejected). Readings already stored are
// skipped and counted, so importing twice is harmless.
// `watchfloor import --lake DIR`: loads a Parquet lake (the layout `export --lake` writes).
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  CsvSettings,
  ImportFormat,
  ImportMappingPatch,
  type ImportPreview,
  type ImportUpload,
} from '../../../shared/contract';
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

const CELL_CHARS = 24;
const PREVIEW_ROWS = 20;

function cell(text: string | null): string {
  if (text === null) return '∅';
  return text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS - 1)}…` : text;
}

function separatorName(sep: string): string {
  return sep === '\t' ? 'tab' : JSON.stringify(sep);
}

/** The preview as text for a terminal: the file, the mapping, and each row's readings or errors. */
function formatPreview(p: ImportPreview): string {
  const lines: string[] = [];
  const what = [`${p.name}`, p.format, `${p.sizeBytes.toLocaleString('en-US')} bytes`];
  if (p.csv) {
    what.push(
      `separator ${separatorName(p.csv.separator)}`,
      p.csv.header ? 'header row' : 'no header row',
      p.csv.encoding,
    );
  }
  if (p.totalRows !== null) what.push(`${p.totalRows.toLocaleString('en-US')} rows`);
  lines.push(what.join(' · '));
  lines.push(`columns: ${p.columns.join(', ')}`);
  const guessed = p.guessed.length > 0 ? ` (guessed: ${p.guessed.join(', ')})` : '';
  lines.push(`mapping: ${JSON.stringify(p.mapping)}${guessed}`);
  if (p.signals.length > 0) {
    lines.push(
      `signals: ${p.signals.map((s) => `${s.column} → ${s.signal}${s.unit ? ` [${s.unit}]` : ''}`).join(', ')}`,
    );
  }
  for (const problem of p.problems) lines.push(`problem: ${problem}`);
  for (const warning of p.warnings) lines.push(`warning: ${warning}`);
  lines.push('');
  const rowWord = p.format === 'csv' ? 'line' : 'row';
  for (const r of p.rows) {
    lines.push(`${rowWord} ${r.row}: ${r.cells.map(cell).join(' | ')}`);
    for (const d of r.readings) {
      const unit = d.unit ? ` ${d.unit}` : '';
      lines.push(`  → ${d.deviceId}/${d.signal} = ${d.value}${unit} at ${new Date(d.ts).toISOString()} (${d.quality})`);
    }
    for (const e of r.errors) lines.push(`  ✗ ${e}`);
  }
  if (p.problems.length > 0)
    lines.push('', 'Fix the problems with --device, --signal, --*-column or --wide, then import.');
  return lines.join('\n');
}

/** Flag → mapping field. */
const MAPPING_FLAGS = {
  device: 'deviceId',
  'device-column': 'deviceColumn',
  signal: 'signal',
  'signal-column': 'signalColumn',
  'value-column': 'value',
  'timestamp-column': 'timestamp',
  'unit-column': 'unit',
  'quality-column': 'quality',
} as const;

const FILE_OPTIONS = {
  ...Object.fromEntries(Object.keys(MAPPING_FLAGS).map((k) => [k, { type: 'string', multiple: true }])),
  wide: { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  columns: { type: 'string', multiple: true },
  separator: { type: 'string' },
  format: { type: 'string' },
  preview: { type: 'boolean' },
  'create-device': { type: 'boolean' },
} as const;

interface FilePlan {
  path: string;
  format: ImportFormat | undefined;
  csv: CsvSettings | undefined;
  mapping: ImportMappingPatch | undefined;
  preview: boolean;
  /** --create-device: the --device given is new, and the operator means to create it. */
  createDevice: boolean;
}

function separatorOf(text: string): string {
  return text === '\\t' || text.toLowerCase() === 'tab' ? '\t' : text;
}

/** Everything from the command line, checked before any engine is touched. */
function planFile(file: string, values: OptionValues): FilePlan {
  const path = resolve(file);
  const isFile = (() => {
    try {
      return statSync(path).isFile();
    } catch {
      return undefined;
    }
  })();
  if (isFile === undefined) throw new EngineError('NOT_FOUND', `no file ${file}`);
  if (!isFile) throw new EngineError('BAD_REQUEST', `${file} is not a file`);
  const formatText = stringOption(values, 'format');
  const format = formatText === undefined ? undefined : ImportFormat.safeParse(formatText);
  if (format && !format.success) throw new UsageError(`--format must be one of ${ImportFormat.options.join(', ')}`);

  const separator = stringOption(values, 'separator');
  const columns = listOption(values, 'columns');
  const csvInput = {
    ...(separator !== undefined ? { separator: separatorOf(separator) } : {}),
    ...(columns.length > 0 ? { columns } : {}),
  };
  const csv = CsvSettings.safeParse(csvInput);
  if (!csv.success) throw new UsageError(`--separator or --columns: ${csv.error.issues[0]!.message}`);
  if (format?.data === 'parquet' && Object.keys(csvInput).length > 0) {
    throw new UsageError('--separator and --columns apply to CSV files only');
  }

  const mappingInput: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(MAPPING_FLAGS)) {
    const v = stringOption(values, flag);
    if (v !== undefined) mappingInput[field] = v;
  }
  if (values.wide === true) mappingInput.wide = true;
  const exclude = listOption(values, 'exclude');
  if (exclude.length > 0) mappingInput.exclude = exclude;
  const mapping = ImportMappingPatch.safeParse(mappingInput);
  if (!mapping.success) {
    const issue = mapping.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const flag = Object.entries(MAPPING_FLAGS).find(([, f]) => f === field)?.[0] ?? field;
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  return {
    path,
    format: format?.data,
    csv: Object.keys(csvInput).length > 0 ? csv.data : undefined,
    mapping: Object.keys(mappingInput).length > 0 ? mapping.data : undefined,
    preview: values.preview === true,
    createDevice: values['create-device'] === true,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Where the engine reads the file: the path itself when the engine runs on this machine,
 * otherwise a copy uploaded to it (POST /api/import/upload).
 */
async function pathOnEngine(engine: EngineAccess, path: string, ctx: CommandContext): Promise<string> {
  if (engine.location === 'in-process' || !engine.url || LOOPBACK.has(new URL(engine.url).hostname)) return path;
  ctx.status.log(`uploading ${basename(path)} to ${engine.url}`);
  const res = await fetch(`${engine.url}/api/import/upload?name=${encodeURIComponent(basename(path))}`, {
    method: 'POST',
    headers: {
      ...engine.headers,
      'content-type': 'application/octet-stream',
      'content-length': String(statSync(path).size),
    },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const body = (await res.json().catch(() => null)) as { data?: ImportUpload; error?: { message: string } } | null;
  if (!res.ok || !body?.data) {
    throw new EngineError('UNAVAILABLE', `uploading to ${engine.url} failed: ${body?.error?.message ?? res.status}`);
  }
  return body.data.path;
}

async function importFile(engine: EngineAccess, plan: FilePlan, ctx: CommandContext): Promise<string> {
  const path = await pathOnEngine(engine, plan.path, ctx);
  const file = { path, format: plan.format, csv: plan.csv };
  const preview: ImportPreview = await engine.request('import.preview', {
    ...file,
    mapping: plan.mapping,
    // The same rows --preview shows: the guess the import uses is the one the operator saw.
    rows: PREVIEW_ROWS,
  });
  if (plan.preview) return formatPreview(preview);
  if (preview.problems.length > 0) {
    throw new EngineError(
      'BAD_REQUEST',
      `cannot import ${basename(plan.path)}: ${preview.problems.join('; ')} (see --preview)`,
    );
  }
  ctx.status.log(`mapping: ${JSON.stringify(preview.mapping)}`);
  const csv = preview.csv ? { ...preview.csv, ...(plan.csv?.columns ? { columns: plan.csv.columns } : {}) } : undefined;
  const job = await engine
    .request('import.start', {
      path,
      format: preview.format,
      csv,
      mapping: preview.mapping,
      createDevice: plan.createDevice,
    })
    .catch((err: unknown) => {
      // The engine never creates a device unasked: say how to ask.
      if (err instanceof EngineError && err.code === 'NOT_FOUND' && preview.mapping.deviceId) {
        throw new EngineError(
          'NOT_FOUND',
          `no device "${preview.mapping.deviceId}" is registered: give a known --device, or add --create-device to create it`,
        );
      }
      throw err;
    });
  await followJob(engine, job, ctx.status, 'import');
  const s = await engine.request('import.summary', { id: job.id });
  if (s.refusedDevices.length > 0) {
    ctx.status.log(
      `rows naming devices that are not registered were refused (${s.refusedDevices.join(', ')}): ` +
        'add them in Settings → Sources, or import again with --create-device to create them',
    );
  }
  return JSON.stringify({
    file: plan.path,
    rows: s.rows,
    stored: s.stored,
    duplicates: s.duplicates,
    rejected: s.rejected,
    refusedDevices: s.refusedDevices,
  });
}

async function importLake(engine: EngineAccess, dir: string, ctx: CommandContext, dataDir: string): Promise<string> {
  const job = await engine.request('history.importLake', { dir });
  const done = await followJob(engine, job, ctx.status, 'import');
  // The job counts what was added; readings already stored are skipped (the engine logs how many).
  return `imported ${done.rows} readings from ${dir} into ${dataDir}`;
}

export const importCommand: Command = {
  options: { ...LOCATION_OPTIONS, lake: { type: 'string' }, ...FILE_OPTIONS },
  async run(line, ctx) {
    const lake = stringOption(line.values, 'lake');
    let run: (engine: EngineAccess, dataDir: string) => Promise<string>;
    if (lake) {
      expectArgs(line, 'import', []);
      const extra = Object.keys(FILE_OPTIONS).filter((o) => line.values[o] !== undefined);
      if (extra.length) throw new UsageError(`--lake imports a whole lake; drop --${extra.join(', --')}`);
      const dir = resolve(lake);
      run = (engine, dataDir) => importLake(engine, dir, ctx, dataDir);
    } else {
      if (line.args.length === 0) throw new UsageError('import needs FILE or --lake DIR');
      const [file] = expectArgs(line, 'import', ['FILE']);
      const plan = planFile(file!, line.values);
      run = (engine) => importFile(engine, plan, ctx);
    }
    const config = resolveConfig(line.values, ctx);
    const result = await withEngine(config, ctx, (engine) => run(engine, engine.dataDir));
    ctx.status.clear();
    ctx.out(result);
    return 0;
  },
};
