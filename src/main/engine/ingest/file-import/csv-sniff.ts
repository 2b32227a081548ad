// What a CSV file looks like from its first lines: the separator, the text encoding and
// whether the first row is a header. Plant exports come from spreadsheets, historians and
// PLC tools in every regional flavour (";" with decimal commas, tabs, Windows code pages), so
// the operator should not have to know which one before seeing a preview.
import type { ImportEncoding } from '../../../../shared/contract';

const CANDIDATES = ['\t', ';', '|', ','] as const;

/** Decimal notation only: Number() would also take hex, binary and '' as numbers. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Decimal comma, as written where ";" separates fields. */
export const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}|^\d{1,2}[./]\d{1,2}[./]\d{2,4}/;

/** Occurrences of `sep` outside quotes. */
function countOutsideQuotes(line: string, sep: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) n++;
  }
  return n;
}

/**
 * The separator that splits every sampled line into the same number of fields, the most
 * fields winning; on a tie ',' comes last because it is also a decimal mark. ',' when
 * nothing fits (a single column).
 */
export function guessSeparator(sample: string): string {
  const lines = sample
    .split('\n')
    .slice(0, 30)
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  // The last line of a sample may be cut short.
  const complete = lines.length > 2 ? lines.slice(0, -1) : lines;
  let best: { sep: string; count: number } | undefined;
  for (const sep of CANDIDATES) {
    const counts = complete.map((l) => countOutsideQuotes(l, sep));
    const first = counts[0] ?? 0;
    if (first === 0 || counts.some((c) => c !== first)) continue;
    if (!best || first > best.count) best = { sep, count: first };
  }
  return best?.sep ?? ',';
}

/** UTF-8 unless the bytes cannot be UTF-8 (then the Windows code page of older exports). */
export function guessEncoding(sample: Uint8Array): ImportEncoding {
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

export function looksNumeric(field: string, sep: string): boolean {
  const s = field.trim();
  return DECIMAL.test(s) || (sep !== ',' && DECIMAL_COMMA.test(s));
}

function looksLikeData(field: string, sep: string): boolean {
  return looksNumeric(field, sep) || DATE_LIKE.test(field.trim());
}

/**
 * The first row is a header when it holds no number and no date while the next row does:
 * every telemetry row has at least its value (and usually its time).
 */
export function looksLikeHeader(first: readonly string[], second: readonly string[] | undefined, sep: string): boolean {
  if (first.some((f) => looksLikeData(f, sep))) return false;
  if (first.every((f) => f.trim() === '')) return false;
  return second === undefined || second.some((f) => looksLikeData(f, sep));
}

/** Column names from a header (or given), made unique; unnamed columns are "column<N>". */
export function columnNames(names: readonly string[], width: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < Math.max(width, names.length); k++) {
    let name = (names[k] ?? '').trim() || `column${k + 1}`;
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name}_${n}`)) n++;
      name = `${name}_${n}`;
    }
    seen.add(name);
    out.push(name);
  }
  return out;
}
