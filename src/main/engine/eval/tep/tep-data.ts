// Reads the Tennessee Eastman (Braatz) data set: d00.dat (normal training data, stored
// transposed: 52 lines of 500 values), d00_te.dat (normal test data) and dNN_te.dat for faults
// 1..21 (960 rows, the fault introduced after row 160). Every file is checked for its shape, so a
// wrong folder or a truncated file is refused with the reason instead of giving odd figures.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEP_VARIABLES = 52;
export const TEP_FAULTS = Array.from({ length: 21 }, (_, i) => i + 1);
/** Faults practically undetectable from the 52 variables; the literature leaves them out of the mean. */
export const TEP_UNDETECTABLE = [3, 9, 15];
/** Rows of a test file before the fault is introduced. */
export const TEP_NORMAL_ROWS = 160;
export const TEP_SAMPLE_MS = 180_000;

/** XMEAS(1..41) then XMV(1..11), the order of the columns. */
export const TEP_SIGNALS = [
  ...Array.from({ length: 41 }, (_, i) => `xmeas${i + 1}`),
  ...Array.from({ length: 11 }, (_, i) => `xmv${i + 1}`),
];

export class TepDataError extends Error {}

export interface TepTable {
  /** Row-major n×52. */
  rows: Float64Array;
  n: number;
}

export interface TepData {
  train: TepTable;
  normalTest: TepTable;
  /** Fault number → its test file. */
  faults: Map<number, TepTable>;
}

function parse(file: string): number[][] {
  if (!existsSync(file)) throw new TepDataError(`${file} is missing`);
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.map((l, i) => {
    const values = l.split(/\s+/).map(Number);
    if (!values.every(Number.isFinite)) throw new TepDataError(`${file} line ${i + 1}: not all values are numbers`);
    return values;
  });
}

function table(lines: number[][], file: string, rows: number): TepTable {
  if (lines.length !== rows || lines.some((l) => l.length !== TEP_VARIABLES)) {
    throw new TepDataError(
      `${file}: expected ${rows} rows of ${TEP_VARIABLES} values, found ${lines.length} rows` +
        (lines[0] ? ` (the first has ${lines[0].length} values)` : ''),
    );
  }
  return { rows: Float64Array.from(lines.flat()), n: rows };
}

/** Loads the folder; throws TepDataError naming the file that is missing or malformed. */
export function loadTep(dir: string): TepData {
  const trainFile = join(dir, 'd00.dat');
  const t = parse(trainFile);
  // Stored transposed: one line per variable.
  if (t.length !== TEP_VARIABLES || t.some((l) => l.length !== t[0]!.length) || t[0]!.length < 100) {
    throw new TepDataError(`${trainFile}: expected ${TEP_VARIABLES} lines of equal length (one per variable)`);
  }
  const n = t[0]!.length;
  const train = new Float64Array(n * TEP_VARIABLES);
  for (let j = 0; j < TEP_VARIABLES; j++) for (let i = 0; i < n; i++) train[i * TEP_VARIABLES + j] = t[j]![i]!;
  const testFile = (f: number) => join(dir, `d${String(f).padStart(2, '0')}_te.dat`);
  const faults = new Map<number, TepTable>();
  for (const f of TEP_FAULTS) faults.set(f, table(parse(testFile(f)), testFile(f), 960));
  return { train: { rows: train, n }, normalTest: table(parse(testFile(0)), testFile(0), 960), faults };
}
