// Splits CSV text into records as it arrives, chunk by chunk, so a file of any size is read
// with bounded memory. Quoting follows RFC 4180 (a quoted field may hold the separator,
// quotes and line breaks), and a record may be cut anywhere by a chunk boundary: what is not
// yet complete waits for the next chunk. Each record knows the line it starts on, so a
// rejected row can be named the way an editor or a spreadsheet shows it.

export interface CsvRecord {
  /** Line of the file the record starts on, from 1. */
  line: number;
  fields: string[];
  /** The record as it stands in the file, without its line break (kept for dead letters). */
  text: string;
  /** Why the record is malformed (an unterminated quote, text after a closing quote). */
  error?: string;
}

/** A record longer than this is not telemetry: most likely a quote that never closes. */
export const MAX_RECORD_CHARS = 1024 * 1024;

const isBlank = (c: string | undefined, sep: string) => (c === ' ' || c === '\t') && c !== sep;

/**
 * Parses the record starting at `start`. Returns null when the text ends before the record
 * does and more may come (`final` false).
 */
function parseRecord(
  text: string,
  start: number,
  sep: string,
  final: boolean,
): { fields: string[]; end: number; next: number; lines: number; error?: string } | null {
  const n = text.length;
  const fields: string[] = [];
  let error: string | undefined;
  let lines = 0;
  let i = start;
  for (;;) {
    const fieldStart = i;
    while (isBlank(text[i], sep)) i++;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          if (!final) return null;
          error ??= 'has an unterminated quoted field';
          value += text.slice(i);
          i = n;
          break;
        }
        value += text.slice(i, q);
        i = q + 1;
        if (i === n && !final) return null; // an escaped quote may follow
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) lines++;
      while (isBlank(text[i], sep)) i++;
      if (text[i] === '\r') {
        if (i + 1 >= n && !final) return null;
        if (text[i + 1] === '\n') i++;
      }
      if (i < n && text[i] !== sep && text[i] !== '\n') {
        error ??= 'has characters after a closing quote';
        while (i < n && text[i] !== sep && text[i] !== '\n') i++;
      }
      fields.push(value);
    } else {
      while (i < n && text[i] !== sep && text[i] !== '\n') i++;
      fields.push(text.slice(fieldStart, i).replace(/\r$/, '').trim());
    }
    if (i >= n) {
      if (!final) return null;
      return { fields, end: n, next: n, lines, error };
    }
    if (text[i] === sep) {
      i++;
      continue;
    }
    // A line break ends the record; "\r\n" and "\n" alike.
    const end = i > start && text[i - 1] === '\r' ? i - 1 : i;
    return { fields, end, next: i + 1, lines: lines + 1, error };
  }
}

export class CsvRecordReader {
  private buffer = '';
  private line = 1;
  private started = false;

  constructor(private readonly separator: string) {}

  /** Records completed by this chunk. */
  push(chunk: string): CsvRecord[] {
    if (!this.started) {
      this.started = chunk.length > 0;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // byte-order mark of spreadsheet exports
    }
    this.buffer += chunk;
    return this.take(false);
  }

  /** The last record, when the text does not end with a line break. */
  end(): CsvRecord[] {
    return this.take(true);
  }

  private take(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const text = this.buffer;
    let pos = 0;
    while (pos < text.length) {
      const r = parseRecord(text, pos, this.separator, final);
      if (!r) break;
      const record: CsvRecord = { line: this.line, fields: r.fields, text: text.slice(pos, r.end) };
      if (r.error) record.error = r.error;
      this.line += r.lines;
      pos = r.next;
      // Blank lines, such as the one ending a file, are not records.
      if (r.fields.length === 1 && r.fields[0] === '' && !record.text.includes('"')) continue;
      out.push(record);
    }
    this.buffer = text.slice(pos);
    if (this.buffer.length > MAX_RECORD_CHARS) {
      throw new RangeError(
        `line ${this.line}: a row longer than ${MAX_RECORD_CHARS} characters (a quote that is never closed?)`,
      );
    }
    return out;
  }
}
