// Decodes CSV telemetry into readings: one Kafka record holding a single line, or a whole file
// or HTTP body. Fields are found by a column mapping — configured, or taken from a header row
// when the first row is one. Quoting follows RFC 4180. Like every broker payload, CSV is
// untrusted: each bad row is rejected with a reason while the good rows beside it go on.
// Rows are counted from 1 after any header in reasons; a reading's `index` is that count - 1.
import type { Quality } from '../../../shared/domain';
import type { DecodeOptions, DecodeResult } from './decode-json';
import { parseDeviceId, parseSignal, parseTimestamp, qualityOfStatus, Rejected } from './reading-fields';
import type { StoredDecoder } from './decoder-spec';

export interface CsvOptions {
  separator: string;
  /** Field name per column; unknown names are ignored. Omitted: the header row names them. */
  columns?: readonly string[];
  /** 'auto' (default): the first row is a header when it names the required fields and holds no number. */
  header?: 'auto' | boolean;
}

type Field = 'deviceId' | 'signal' | 'value' | 'timestamp' | 'unit' | 'quality';

/** Column names understood, compared without case, spaces, '_' or '-'. */
const FIELD_NAMES: Record<string, Field> = {
  deviceid: 'deviceId',
  sensortype: 'signal',
  signal: 'signal',
  value: 'value',
  timestamp: 'timestamp',
  unit: 'unit',
  status: 'quality',
  quality: 'quality',
};
const REQUIRED: readonly Field[] = ['deviceId', 'signal', 'value'];

/** Decimal notation only: Number() would also take hex, binary and '' as numbers. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

interface Row {
  fields: string[];
  /** Which fields were quoted: `""` is a field, an empty line is not a row. */
  quoted: boolean[];
  start: number;
  end: number;
  error?: string;
}

function fieldOf(name: string): Field | undefined {
  const key = name.toLowerCase().replace(/[\s_-]/g, '');
  return Object.hasOwn(FIELD_NAMES, key) ? FIELD_NAMES[key] : undefined;
}

/** Why these columns cannot give readings, or null when they can. For checking configuration. */
export function csvColumnProblem(columns: readonly string[]): string | null {
  const present = new Set(columns.map(fieldOf));
  const missing = REQUIRED.filter((f) => !present.has(f));
  if (missing.length === 0) return null;
  const names = missing.map((f) => (f === 'signal' ? 'sensorType (or signal)' : f));
  return `CSV columns lack ${names.join(', ')}`;
}

/** Splits text into rows per RFC 4180; quoted fields may hold the separator, quotes and newlines. */
function* rows(text: string, sep: string): Generator<Row> {
  const n = text.length;
  const isBlank = (c: string | undefined) => (c === ' ' || c === '\t') && c !== sep;
  const endsField = (c: string | undefined) => c === sep || c === '\n' || c === '\r';
  let i = 0;
  while (i < n) {
    const row: Row = { fields: [], quoted: [], start: i, end: i };
    for (;;) {
      const fieldStart = i;
      while (isBlank(text[i])) i++;
      if (text[i] === '"') {
        let value = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) {
            row.error ??= 'has an unterminated quoted field';
            value += text.slice(i);
            i = n;
            break;
          }
          value += text.slice(i, q);
          i = q + 1;
          if (text[i] !== '"') break;
          value += '"';
          i++;
        }
        while (isBlank(text[i])) i++;
        if (i < n && !endsField(text[i])) row.error ??= 'has characters after a closing quote';
        while (i < n && !endsField(text[i])) i++;
        row.fields.push(value);
        row.quoted.push(true);
      } else {
        while (i < n && !endsField(text[i])) i++;
        row.fields.push(text.slice(fieldStart, i).trim());
        row.quoted.push(false);
      }
      if (text[i] !== sep) break;
      i++;
    }
    row.end = i;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    // Blank lines, such as the newline ending a file, are not rows.
    if (!(row.fields.length === 1 && row.fields[0] === '' && !row.quoted[0])) yield row;
  }
}

/** A header names every required field and holds no number; a data row always has a number
 * (its value), so a bad data row is never mistaken for a header. */
function looksLikeHeader(row: Row): boolean {
  return csvColumnProblem(row.fields) === null && !row.fields.some((f) => DECIMAL.test(f.trim()));
}

function parseValue(s: string, sep: string): number {
  if (s === '') throw new Rejected('missing "value"');
  // Where ';' separates fields, ',' is often the decimal mark (European locales).
  const text = sep !== ',' && /^[+-]?\d+,\d+$/.test(s) ? s.replace(',', '.') : s;
  if (!DECIMAL.test(text)) throw new Rejected(`"value" ${JSON.stringify(s.slice(0, 40))} is not a number`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new Rejected('"value" is not a finite number');
  return v;
}

/** Numbers in a CSV field are text: decimal ones are epoch time, anything else a date string. */
function parseCsvTimestamp(s: string, opts: DecodeOptions): number {
  if (s === '') return opts.now;
  return parseTimestamp(DECIMAL.test(s) ? Number(s) : s, opts);
}

function parseQuality(s: string): Quality {
  return s === '' ? 'good' : qualityOfStatus(s);
}

/** Column position of each field; later duplicates of a name lose to the first. */
function mapping(names: readonly string[]): Map<Field, number> {
  const map = new Map<Field, number>();
  names.forEach((name, k) => {
    const f = fieldOf(name);
    if (f && !map.has(f)) map.set(f, k);
  });
  return map;
}

export function decodeCsvPayload(payload: Uint8Array | string, csv: CsvOptions, opts: DecodeOptions): DecodeResult {
  const out: DecodeResult = { readings: [], rejects: [] };
  const whole = () => (typeof payload === 'string' ? encoder.encode(payload) : payload);
  // Kept with a dead letter of the whole payload: a re-queue decodes it as it was decoded now.
  const asGiven: StoredDecoder = {
    kind: 'csv',
    separator: csv.separator,
    header: csv.header ?? 'auto',
    ...(csv.columns ? { columns: [...csv.columns] } : {}),
  };
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > opts.maxPayloadBytes) {
    out.rejects.push({
      reason: `payload of ${size} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`,
      raw: whole(),
      decoder: asGiven,
    });
    return out;
  }
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : utf8.decode(payload);
  } catch {
    out.rejects.push({ reason: 'payload is not valid UTF-8', raw: payload as Uint8Array, decoder: asGiven });
    return out;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark from spreadsheet exports

  const sep = csv.separator;
  let columns: Map<Field, number> | undefined;
  /** A rejected row is kept alone, so it carries the column names it was read with. */
  let rowDecoder: StoredDecoder | undefined;
  let expected = 0;
  let index = 0;
  for (const row of rows(text, sep)) {
    const raw = () => encoder.encode(text.slice(row.start, row.end));
    if (!columns) {
      const isHeader = csv.header === true || !csv.columns || (csv.header !== false && looksLikeHeader(row));
      const names = isHeader ? row.fields : csv.columns!;
      const problem = csvColumnProblem(names);
      if (problem) {
        out.rejects.push({ reason: isHeader ? `header row: ${problem}` : problem, raw: whole(), decoder: asGiven });
        return out;
      }
      columns = mapping(names);
      rowDecoder = { kind: 'csv', separator: sep, columns: [...names], header: false };
      expected = names.length;
      if (isHeader) continue;
    }
    const at = index++;
    try {
      if (row.error) throw new Rejected(`row ${at + 1} ${row.error}`);
      if (row.fields.length !== expected)
        throw new Rejected(`row ${at + 1} has ${row.fields.length} fields, expected ${expected}`);
      const get = (f: Field) => {
        const k = columns!.get(f);
        return k === undefined ? '' : row.fields[k]!;
      };
      out.readings.push({
        index: at,
        deviceId: parseDeviceId(get('deviceId') || undefined),
        signal: parseSignal(get('signal') || undefined),
        value: parseValue(get('value').trim(), sep),
        ts: parseCsvTimestamp(get('timestamp').trim(), opts),
        quality: parseQuality(get('quality')),
        unit: get('unit').slice(0, 32),
      });
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      const reason = err.message.startsWith('row ') ? err.message : `row ${at + 1}: ${err.message}`;
      out.rejects.push({ index: at, reason, raw: raw(), join: 'lines', decoder: rowDecoder });
    }
  }
  if (!columns) out.rejects.push({ reason: 'empty payload: no rows', raw: whole(), decoder: asGiven });
  return out;
}
