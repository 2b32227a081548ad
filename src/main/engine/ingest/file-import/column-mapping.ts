// Guessing a column mapping from a file's column names and first rows, and completing the
// caller's partial mapping with that guess. The guess is only a starting point shown in the
// preview — the operator confirms or corrects it before anything is imported — so it prefers
// being plainly wrong (and visible) to being cleverly wrong.
import type { ImportMappingPatch } from '../../../../shared/contract';
import { ID_PATTERN } from '../reading-fields';
import { looksNumeric } from './csv-sniff';
import { parseFileTimestamp, type RowContext } from './row-readings';

type Role = 'deviceColumn' | 'signalColumn' | 'value' | 'timestamp' | 'unit' | 'quality';

/** Column names per role, compared without case, spaces, '_' or '-'. */
const NAMES: Record<Role, readonly string[]> = {
  timestamp: ['timestamp', 'time', 'ts', 'datetime', 'date', 'timeutc', 'timestamputc', 'zeit', 'zeitstempel', 'time_'],
  deviceColumn: ['deviceid', 'device', 'devicename', 'equipment', 'asset', 'assetid', 'machine', 'machineid'],
  signalColumn: ['signal', 'sensortype', 'sensor', 'tag', 'tagname', 'metric', 'channel', 'variable', 'parameter'],
  value: ['value', 'val', 'reading', 'measurement', 'wert'],
  unit: ['unit', 'units', 'uom', 'engineeringunit'],
  quality: ['quality', 'status', 'qualitycode', 'q'],
};
const ROLES = Object.keys(NAMES) as Role[];

const normalize = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

/** What the guess is made from. */
export interface GuessInput {
  columns: readonly string[];
  /** The first data rows. */
  rows: readonly (readonly (string | null)[])[];
  /** The file's name: an export named after a registered machine ("press-7.csv") names the device. */
  fileName: string;
  /** The registered device's id that a text names (its id or its name, any case), if any. */
  knownDevice: (text: string) => string | undefined;
  ctx: RowContext;
}

function byName(columns: readonly string[], role: Role, taken: Set<string>): string | undefined {
  const names = NAMES[role];
  const free = columns.filter((c) => !taken.has(c));
  return (
    free.find((c) => names.includes(normalize(c))) ??
    (role === 'timestamp' ? free.find((c) => /time|date/i.test(c)) : undefined)
  );
}

function cells(input: GuessInput, column: string): string[] {
  const k = input.columns.indexOf(column);
  return input.rows.map((r) => (r[k] ?? '').trim()).filter((v) => v !== '');
}

function allTimestamps(values: readonly string[], ctx: RowContext): boolean {
  if (values.length === 0) return false;
  return values.every((v) => {
    try {
      parseFileTimestamp(v, ctx);
      return true;
    } catch {
      return false;
    }
  });
}

/** Most values are numbers: a signal, even if a few cells are bad (those rows are rejected). */
function numericColumn(values: readonly string[], sep: string): boolean {
  const numbers = values.filter((v) => looksNumeric(v, sep) || /^(nan|null|true|false)$/i.test(v)).length;
  return values.length > 0 && numbers * 2 > values.length;
}

/** A device id from a file name: "press-7.csv" → "press-7", "Line 2 export.csv" → "Line_2_export". */
export function deviceFromFileName(fileName: string): string | undefined {
  // Uploaded files are stored as "<uuid>-<name>": the operator's name is what counts.
  const base = fileName
    .replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i, '')
    .replace(/\.[^.]*$/, '');
  const id = base
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9._:-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 128);
  return ID_PATTERN.test(id) && /[A-Za-z0-9]/.test(id) ? id : undefined;
}

/** The registered device a file is named after ("Press 7.csv", "device-001.csv"), if any. */
export function deviceFromFileNameIfKnown(
  fileName: string,
  knownDevice: (text: string) => string | undefined,
): string | undefined {
  const base = fileName
    .replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i, '')
    .replace(/\.[^.]*$/, '')
    .trim();
  const asId = deviceFromFileName(fileName);
  return knownDevice(base) ?? (asId ? knownDevice(asId) : undefined);
}

/**
 * The mapping the columns and first rows suggest; parts it cannot tell are left out. `shape`
 * forces a long or a wide file when the caller has said which it is.
 */
export function guessMapping(input: GuessInput, shape?: 'long' | 'wide'): ImportMappingPatch {
  const { columns, ctx } = input;
  const numeric = (c: string) => numericColumn(cells(input, c), ctx.separator);
  const taken = new Set<string>();
  const found: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    if (shape === 'wide' && (role === 'value' || role === 'signalColumn' || role === 'unit')) continue;
    const c = byName(columns, role, taken);
    if (c) {
      found[role] = c;
      taken.add(c);
    }
  }
  // No column is called "time": the first whose values all read as dates.
  if (!found.timestamp) {
    const c = columns.find((col) => !taken.has(col) && !numeric(col) && allTimestamps(cells(input, col), ctx));
    if (c) {
      found.timestamp = c;
      taken.add(c);
    }
  }
  const mapping: ImportMappingPatch = {};
  if (found.timestamp) mapping.timestamp = found.timestamp;
  if (found.quality) mapping.quality = found.quality;
  // No column called "device": one whose values all name registered devices ("Press 7", "press-7").
  if (!found.deviceColumn) {
    const c = columns.find((col) => {
      if (taken.has(col) || numeric(col)) return false;
      const values = cells(input, col);
      return values.length > 0 && values.every((v) => input.knownDevice(v) === v);
    });
    if (c) {
      found.deviceColumn = c;
      taken.add(c);
    }
  }
  if (found.deviceColumn) mapping.deviceColumn = found.deviceColumn;
  else {
    // Only a device the registry knows: an unknown name is left for the operator to give, so a
    // file called "export (3).csv" never becomes a device of that name.
    const device = deviceFromFileNameIfKnown(input.fileName, input.knownDevice);
    if (device) mapping.deviceId = device;
  }

  const otherNumeric = columns.filter((c) => !taken.has(c) && numeric(c));
  // Long: a signal column, or a single value column (one signal per file, named "value").
  const long =
    shape === 'long' ||
    (shape === undefined &&
      found.value !== undefined &&
      (found.signalColumn !== undefined || otherNumeric.length === 0));
  if (long) {
    if (found.signalColumn) mapping.signalColumn = found.signalColumn;
    else if (found.value) mapping.signal = 'value';
    const value = found.value ?? otherNumeric[0];
    if (value) mapping.value = value;
    if (found.unit) mapping.unit = found.unit;
    return mapping;
  }
  // Wide: every other column is a signal; columns of text are left out.
  mapping.wide = true;
  for (const role of ['value', 'signalColumn', 'unit'] as const) {
    if (found[role]) taken.delete(found[role]);
  }
  const exclude = columns.filter((c) => !taken.has(c) && cells(input, c).length > 0 && !numeric(c));
  if (exclude.length > 0) mapping.exclude = exclude;
  return mapping;
}

/** The shape the caller's partial mapping asks for, if any. */
export function shapeOf(given: ImportMappingPatch | undefined): 'long' | 'wide' | undefined {
  if (!given) return undefined;
  if (given.wide !== undefined) return given.wide ? 'wide' : 'long';
  const saysLong = given.signal !== undefined || given.signalColumn !== undefined || given.value !== undefined;
  return saysLong ? 'long' : undefined;
}

const PAIRS: [keyof ImportMappingPatch, keyof ImportMappingPatch][] = [
  ['deviceColumn', 'deviceId'],
  ['signalColumn', 'signal'],
];

/**
 * The caller's mapping completed by a guess of the same shape (see shapeOf): what the caller
 * gave wins, including the choice between a column and a constant. A guessed column the
 * caller already uses for another field is dropped.
 */
export function completeMapping(
  given: ImportMappingPatch | undefined,
  guess: ImportMappingPatch,
): { mapping: ImportMappingPatch; guessed: string[] } {
  const mapping: ImportMappingPatch = { ...given };
  const callerColumns = new Set(
    [given?.deviceColumn, given?.signalColumn, given?.value, given?.timestamp, given?.unit, given?.quality].filter(
      (c): c is string => c !== undefined,
    ),
  );
  const paired = new Set<string>();
  for (const [column, constant] of PAIRS) {
    if (mapping[column] !== undefined || mapping[constant] !== undefined) paired.add(column).add(constant);
  }
  const guessed: string[] = [];
  for (const key of Object.keys(guess) as (keyof ImportMappingPatch)[]) {
    if (mapping[key] !== undefined || paired.has(key)) continue;
    const v = guess[key];
    if (typeof v === 'string' && callerColumns.has(v) && key !== 'deviceId' && key !== 'signal') continue;
    Object.assign(mapping, { [key]: v });
    guessed.push(key);
  }
  return { mapping, guessed };
}
