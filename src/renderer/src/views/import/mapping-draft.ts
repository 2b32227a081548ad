// Editing a column mapping in the Import view, as pure functions over the contract's
// mapping: each field comes from a column or, for device and signal, one value for every
// row; switching between long and wide keeps only what makes sense for the new shape.
import { ImportMappingPatch } from '../../../../shared/contract/import';

export type Source = { kind: 'column'; column: string } | { kind: 'constant'; value: string } | { kind: 'none' };

type Pair = { column: 'deviceColumn' | 'signalColumn'; constant: 'deviceId' | 'signal' };
const PAIRS: Record<'device' | 'signal', Pair> = {
  device: { column: 'deviceColumn', constant: 'deviceId' },
  signal: { column: 'signalColumn', constant: 'signal' },
};

const FIELD_LABELS: Record<string, string> = { deviceId: 'Device', signal: 'Signal' };

export type ColumnField = 'value' | 'timestamp' | 'unit' | 'quality';

function without(m: ImportMappingPatch, ...keys: (keyof ImportMappingPatch)[]): ImportMappingPatch {
  const next = { ...m };
  for (const k of keys) delete next[k];
  return next;
}

export function sourceOf(m: ImportMappingPatch, field: 'device' | 'signal'): Source {
  const { column, constant } = PAIRS[field];
  const c = m[column];
  if (c !== undefined) return { kind: 'column', column: c };
  const v = m[constant];
  if (v !== undefined) return { kind: 'constant', value: v };
  return { kind: 'none' };
}

export function withSource(m: ImportMappingPatch, field: 'device' | 'signal', source: Source): ImportMappingPatch {
  const { column, constant } = PAIRS[field];
  const next = without(m, column, constant);
  if (source.kind === 'column') next[column] = source.column;
  if (source.kind === 'constant') next[constant] = source.value;
  return next;
}

export function withColumn(m: ImportMappingPatch, field: ColumnField, column: string | undefined): ImportMappingPatch {
  const next = without(m, field);
  if (column) next[field] = column;
  return next;
}

/**
 * Long: one reading per row. Wide: every column not otherwise used is a signal. The shape is
 * always said outright, so a guess completing the mapping keeps to it.
 */
export function withShape(m: ImportMappingPatch, wide: boolean): ImportMappingPatch {
  if (wide) return { ...without(m, 'signalColumn', 'signal', 'value', 'unit'), wide: true };
  return { ...without(m, 'exclude'), wide: false };
}

/** Wide files: whether a column is imported as a signal. */
export function withSignalColumn(m: ImportMappingPatch, column: string, imported: boolean): ImportMappingPatch {
  const exclude = new Set(m.exclude ?? []);
  if (imported) exclude.delete(column);
  else exclude.add(column);
  const next = without(m, 'exclude');
  if (exclude.size > 0) next.exclude = [...exclude];
  return next;
}

/** Columns a wide file could take as signals: those not used for time, device or quality. */
export function candidateSignalColumns(m: ImportMappingPatch, columns: readonly string[]): string[] {
  const used = new Set([m.timestamp, m.deviceColumn, m.quality]);
  return columns.filter((c) => !used.has(c));
}

/**
 * What the editor's draft asks the engine: a constant still being typed is left out (the
 * preview then says it is missing), and a draft the contract would refuse is not sent at all
 * — its problems are shown instead.
 */
export function mappingForRequest(
  draft: ImportMappingPatch,
): { mapping: ImportMappingPatch; problems: [] } | { mapping: null; problems: string[] } {
  const clean = { ...draft };
  if (clean.deviceId === '') delete clean.deviceId;
  if (clean.signal === '') delete clean.signal;
  const parsed = ImportMappingPatch.safeParse(clean);
  if (parsed.success) return { mapping: parsed.data, problems: [] };
  const label = (key: PropertyKey | undefined) => FIELD_LABELS[String(key)] ?? String(key ?? 'mapping');
  return { mapping: null, problems: parsed.error.issues.map((i) => `${label(i.path[0])}: ${i.message}`) };
}
