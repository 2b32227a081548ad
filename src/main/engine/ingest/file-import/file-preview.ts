// import.preview: what a file would give before anything is stored — the columns, the
// detected CSV settings, the mapping (the caller's, completed by a guess), and the first rows
// as the readings they would become or the reasons they would be rejected.
import {
  mappingProblems,
  type ImportMapping,
  type ImportMappingPatch,
  type ImportPreview,
  type PreviewRow,
} from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import { completeMapping, guessMapping, shapeOf } from './column-mapping';
import type { ImportSource } from './import-source';
import { compilePlan, readRow, type RowContext, type RowPlan } from './row-readings';

const DAY_MS = 86_400_000;

export interface PreviewOptions {
  now: number;
  maxFutureMs: number;
  /** Days raw readings are kept (history retention); older imports survive only as rollups. */
  rawRetentionDays: number | null;
  /** Why the pipeline would refuse readings of this series (auto-registration off), or null. */
  refusal(deviceId: string, signal: string): string | null;
  /** The registered device's id that a text names (its id or name), if any. */
  knownDevice(text: string): string | undefined;
}

/** Columns the mapping names that the file does not have. */
function missingColumns(columns: readonly string[], m: ImportMappingPatch): string[] {
  const named = [m.deviceColumn, m.signalColumn, m.value, m.timestamp, m.unit, m.quality, ...(m.exclude ?? [])];
  return named
    .filter((c): c is string => c !== undefined && !columns.includes(c))
    .map((c) => `the file has no column "${c}"`);
}

export function buildPreview(
  source: ImportSource,
  given: ImportMappingPatch | undefined,
  guess: boolean,
  options: PreviewOptions,
): ImportPreview {
  const ctx: RowContext = { now: options.now, maxFutureMs: options.maxFutureMs, separator: source.separator };
  const sampleFields = source.sample.map((r) => r.fields);
  const { mapping, guessed } = guess
    ? completeMapping(
        given,
        guessMapping(
          { columns: source.columns, rows: sampleFields, fileName: source.name, knownDevice: options.knownDevice, ctx },
          shapeOf(given),
        ),
      )
    : { mapping: { ...given }, guessed: [] };
  const problems = [...mappingProblems(mapping), ...missingColumns(source.columns, mapping)];
  let plan: RowPlan | undefined;
  if (problems.length === 0) {
    try {
      plan = compilePlan(source.columns, mapping as ImportMapping);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      problems.push(err.message);
    }
  }

  let oldest = Infinity;
  const rows: PreviewRow[] = source.sample.map((r) => {
    if (!plan) return { row: r.row, cells: r.fields, readings: [], errors: r.error ? [r.error] : [] };
    const outcome = readRow(r, plan, ctx);
    const readings = outcome.readings.filter((d) => {
      const refused = options.refusal(d.deviceId, d.signal);
      if (refused) outcome.errors.push(refused);
      return !refused;
    });
    for (const d of readings) oldest = Math.min(oldest, d.ts);
    return {
      row: r.row,
      cells: r.fields,
      readings: readings.map(({ deviceId, signal, ts, value, quality, unit }) => ({
        deviceId,
        signal,
        ts,
        value,
        quality,
        unit,
      })),
      errors: outcome.errors,
    };
  });

  const warnings: string[] = [];
  if (source.csv && !source.csv.header && !source.csv.columns) {
    warnings.push('no header row found: the columns are named column1, column2, …; name them to map them');
  }
  const days = options.rawRetentionDays;
  if (days !== null && oldest < options.now - days * DAY_MS) {
    warnings.push(
      `some readings are older than the ${days}-day raw retention: after the next retention run they remain only as rollups (1 min, 1 h, 1 day), as retention keeps them`,
    );
  }
  if (source.sample.length === 0) warnings.push('the file has no data rows');

  return {
    path: source.path,
    name: source.name,
    format: source.format,
    sizeBytes: source.sizeBytes,
    csv: source.csv
      ? { separator: source.csv.separator, header: source.csv.header, encoding: source.csv.encoding }
      : null,
    columns: source.columns,
    totalRows: source.totalRows,
    mapping,
    guessed,
    problems,
    signals: plan?.wide?.map((w) => ({ column: w.column, signal: w.signal, unit: w.unit })) ?? [],
    rows,
    warnings,
  };
}
