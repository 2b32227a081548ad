// Labels as files (annotations.export / annotations.import): JSON, an array of objects, and
// CSV (RFC 4180: a header row, fields quoted when they hold a quote, comma or line break, quotes
// doubled, CRLF between records, UTF-8), one row per labelled range with the same columns:
//
//   id, series (device/signal, "*" for the whole device), start, end (ISO 8601 UTC with ms),
//   verdict, cause, text, author, created, updated, target ("alarm:<id>",
//   "anomaly:<detector>:<kind>:<ts>" or empty for a dragged range), deleted, corrections
//   ("ts=value" pairs, space separated, ts in epoch ms)
//
// In JSON every value is the same string as in CSV except `deleted` (a boolean) and `cause`
// (null when none). The round trip is lossless: rows come out in a fixed order (newest start
// first, then id) and every value is written so that reading it back gives it exactly (numbers
// by JavaScript's shortest round-trip form). Only series, start, end and verdict are required
// on import, in any column order; unknown columns are ignored, so a hand-made file loads too.
// A rejected row is reported by its line (CSV: the line its record starts on; JSON: the
// element's position in the array, from 1).
import { AnomalyKind } from '../../../shared/contract/detection';
import { csvField } from '../../../shared/csv-field';
import {
  Verdict,
  type Annotation,
  type AnnotationFields,
  type AnnotationFormat,
  type AnnotationTarget,
} from '../../../shared/contract/annotations';

export const COLUMNS = [
  'id',
  'series',
  'start',
  'end',
  'verdict',
  'cause',
  'text',
  'author',
  'created',
  'updated',
  'target',
  'deleted',
  'corrections',
] as const;
type Column = (typeof COLUMNS)[number];

export interface FileRow extends AnnotationFields {
  /** Absent: a new label. */
  id?: string;
  author?: string;
  createdAt?: number;
  updatedAt?: number;
  deleted: boolean;
  corrections: { ts: number; value: number }[];
}

export interface ParsedFile {
  rows: { line: number; row: FileRow }[];
  rejected: { line: number; reason: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function targetText(t: AnnotationTarget): string {
  if (t.type === 'alarm') return `alarm:${t.alarmId}`;
  if (t.type === 'anomaly') return `anomaly:${t.detector}:${t.kind}:${t.ts}`;
  return '';
}

/** One label as a row of strings (and `deleted`), in COLUMNS order. */
export function rowOf(
  a: Annotation,
  corrections: readonly { ts: number; value: number }[],
): Record<Column, string | boolean | null> {
  return {
    id: a.id,
    series: `${a.deviceId}/${a.signal}`,
    start: iso(a.from),
    end: iso(a.to),
    verdict: a.verdict,
    cause: a.cause,
    text: a.text,
    author: a.author,
    created: iso(a.createdAt),
    updated: iso(a.updatedAt),
    target: targetText(a.target),
    deleted: a.deleted,
    corrections: corrections.map((c) => `${c.ts}=${c.value}`).join(' '),
  };
}

/** The file for these labels (already in the order they are to be written). */
export function formatFile(
  format: AnnotationFormat,
  labels: readonly { annotation: Annotation; corrections: readonly { ts: number; value: number }[] }[],
): string {
  const rows = labels.map((l) => rowOf(l.annotation, l.corrections));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const lines = [COLUMNS.join(',')];
  for (const r of rows)
    lines.push(COLUMNS.map((c) => csvField(r[c] === null ? '' : String(r[c]), { formulas: 'keep' })).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 records with the line each starts on; a quote left open is an error at its line. */
export function parseCsv(text: string): {
  records: { line: number; fields: string[] }[];
  error?: { line: number; reason: string };
} {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let fieldStarted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      start = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted)
    return { records, error: { line: start, reason: `a quoted field opened on line ${quoteLine} is never closed` } };
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return { records };
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function time(v: unknown, column: string): number {
  if (typeof v !== 'string' || !ISO_MS.test(v) || Number.isNaN(Date.parse(v))) {
    throw new Error(
      `"${column}" must be an ISO 8601 UTC time with milliseconds (2026-11-02T08:00:00.000Z), not ${JSON.stringify(v)}`,
    );
  }
  return Date.parse(v);
}

function parseTarget(v: string): AnnotationTarget {
  if (v === '') return { type: 'range' };
  const alarm = /^alarm:(\d+)$/.exec(v);
  if (alarm && Number(alarm[1]) >= 1) return { type: 'alarm', alarmId: Number(alarm[1]) };
  const anomaly = /^anomaly:(.+):([a-z]+):(\d+)$/.exec(v);
  const kind = anomaly && AnomalyKind.safeParse(anomaly[2]);
  if (anomaly && kind?.success)
    return { type: 'anomaly', detector: anomaly[1]!, kind: kind.data, ts: Number(anomaly[3]) };
  throw new Error(`"target" must be empty, alarm:<id> or anomaly:<detector>:<kind>:<ts>, not "${v}"`);
}

function parseCorrections(v: string): { ts: number; value: number }[] {
  if (v.trim() === '') return [];
  return v
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const m = /^(\d+)=(.+)$/.exec(pair);
      const value = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(value)) throw new Error(`"corrections" must be ts=value pairs, not "${pair}"`);
      return { ts: Number(m[1]), value };
    });
}

const str = (v: unknown, column: string): string => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error(`"${column}" must be text`);
  return v;
};

/** One row's values (by column name) as a label; throws with the reason it is refused. */
export function toFileRow(get: (column: Column) => unknown): FileRow {
  const series = str(get('series'), 'series');
  const slash = series.indexOf('/');
  if (slash <= 0 || slash === series.length - 1) throw new Error(`"series" must be device/signal, not "${series}"`);
  const verdict = Verdict.safeParse(get('verdict'));
  if (!verdict.success) {
    throw new Error(`"verdict" must be one of ${Verdict.options.join(', ')}, not ${JSON.stringify(get('verdict'))}`);
  }
  const from = time(get('start'), 'start');
  const to = time(get('end'), 'end');
  if (from > to) throw new Error('"start" is after "end"');
  const id = str(get('id'), 'id');
  if (id !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new Error(`"id" must be letters, digits, - and _ (at most 64), not "${id}"`);
  const deletedRaw = get('deleted');
  const deleted = deletedRaw === true || deletedRaw === 'true';
  if (
    !deleted &&
    deletedRaw !== undefined &&
    deletedRaw !== null &&
    deletedRaw !== false &&
    deletedRaw !== 'false' &&
    deletedRaw !== ''
  ) {
    throw new Error(`"deleted" must be true or false, not ${JSON.stringify(deletedRaw)}`);
  }
  const cause = str(get('cause'), 'cause').trim();
  const text = str(get('text'), 'text');
  if (text.length > 4000) throw new Error('"text" is longer than 4000 characters');
  const author = str(get('author'), 'author');
  const created = get('created');
  const updated = get('updated');
  return {
    ...(id !== '' && { id }),
    deviceId: series.slice(0, slash),
    signal: series.slice(slash + 1),
    from,
    to,
    verdict: verdict.data,
    cause: cause === '' ? null : cause,
    text,
    ...(author !== '' && { author }),
    ...(created !== undefined && created !== '' && { createdAt: time(created, 'created') }),
    ...(updated !== undefined && updated !== '' && { updatedAt: time(updated, 'updated') }),
    target: parseTarget(str(get('target'), 'target')),
    deleted,
    corrections: parseCorrections(str(get('corrections'), 'corrections')),
  };
}

/** Reads a file into rows and the rows it refuses (by line, with the reason). */
export function parseFile(format: AnnotationFormat, content: string): ParsedFile {
  const steps = parseSteps(format, content);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * As parseFile, with `pause()` awaited every `every` rows: a big file (the import's 20 MiB)
 * leaves the engine's event loop a turn between rows instead of holding it for the whole file.
 * Only the tokenising of a CSV (or JSON.parse) runs in one go.
 */
export async function parseFileInSteps(
  format: AnnotationFormat,
  content: string,
  pause: () => Promise<void>,
  every = 1000,
): Promise<ParsedFile> {
  const steps = parseSteps(format, content);
  for (let n = 1; ; n++) {
    const r = steps.next();
    if (r.done) return r.value;
    if (n % every === 0) await pause();
  }
}

/** parseFile's work, yielding after each row. */
function* parseSteps(format: AnnotationFormat, content: string): Generator<void, ParsedFile> {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const out: ParsedFile = { rows: [], rejected: [] };
  const take = (line: number, get: (c: Column) => unknown) => {
    try {
      out.rows.push({ line, row: toFileRow(get) });
    } catch (err) {
      out.rejected.push({ line, reason: (err as Error).message });
    }
  };
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      out.rejected.push({ line: 0, reason: `not JSON: ${(err as Error).message}` });
      return out;
    }
    if (!Array.isArray(data)) {
      out.rejected.push({ line: 0, reason: 'a JSON export is an array of labels' });
      return out;
    }
    for (const [i, item] of (data as unknown[]).entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        out.rejected.push({ line: i + 1, reason: 'not an object' });
      } else take(i + 1, (c) => (item as Record<string, unknown>)[c]);
      yield;
    }
    return out;
  }
  const { records, error } = parseCsv(text);
  const [header, ...rest] = records;
  if (!header) {
    out.rejected.push({ line: 1, reason: 'the file is empty (a CSV export starts with a header row)' });
    return out;
  }
  const index = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = ['series', 'start', 'end', 'verdict'].filter((c) => !index.has(c));
  if (missing.length > 0) {
    out.rejected.push({ line: header.line, reason: `the header row has no ${missing.join(', ')} column` });
    return out;
  }
  for (const r of rest) {
    if (r.fields.length !== header.fields.length) {
      out.rejected.push({
        line: r.line,
        reason: `${r.fields.length} fields where the header has ${header.fields.length}`,
      });
      continue;
    }
    take(r.line, (c) => {
      const i = index.get(c);
      return i === undefined ? undefined : r.fields[i];
    });
    yield;
  }
  if (error) out.rejected.push(error);
  return out;
}
