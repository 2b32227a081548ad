// Reading a CSV file from disk: a sample of its first rows for the preview (with the
// separator, encoding and header detected where not given), and the whole file as a stream
// of row batches for the import, never holding more than a chunk and a batch in memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CsvSettings, ImportEncoding } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import { CsvRecordReader, type CsvRecord } from './csv-records';
import { columnNames, guessEncoding, guessSeparator, looksLikeHeader } from './csv-sniff';
import type { SourceRow } from './row-readings';

/** CSV settings with nothing left to detect. */
export interface ResolvedCsv {
  separator: string;
  header: boolean;
  encoding: ImportEncoding;
  columns?: readonly string[];
}

export interface CsvSample {
  settings: ResolvedCsv;
  columns: string[];
  rows: SourceRow[];
}

const SAMPLE_BYTES = 64 * 1024;
const MAX_SAMPLE_BYTES = 4 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

function sourceRow(r: CsvRecord): SourceRow {
  return r.error
    ? { row: r.line, fields: r.fields, raw: r.text, error: r.error }
    : { row: r.line, fields: r.fields, raw: r.text };
}

/** Column names: the header's (or the caller's), else column1…columnN. */
function namesFor(settings: ResolvedCsv, first: CsvRecord | undefined): string[] {
  const width = first?.fields.length ?? 0;
  if (settings.columns) return columnNames(settings.columns, width);
  return columnNames(settings.header && first ? first.fields : [], width);
}

async function readStart(path: string, bytes: number): Promise<{ data: Uint8Array; whole: boolean }> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const length = Math.min(size, bytes);
    const data = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(data, got, length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { data: data.subarray(0, got), whole: got >= size };
  } finally {
    await handle.close();
  }
}

/** The first `maxRows` data rows, and the settings that read them. */
export async function sampleCsv(path: string, given: CsvSettings, maxRows: number): Promise<CsvSample> {
  for (let bytes = SAMPLE_BYTES; ; bytes *= 4) {
    const { data, whole } = await readStart(path, bytes);
    const encoding = given.encoding ?? guessEncoding(data);
    const text = new TextDecoder(encoding).decode(data, { stream: !whole });
    const separator = given.separator ?? guessSeparator(text);
    const reader = new CsvRecordReader(separator);
    const records = [...reader.push(text), ...(whole ? reader.end() : [])];
    // Enough rows, or all there is within the sample limit (a few very long rows).
    if (records.length <= maxRows && !whole && bytes < MAX_SAMPLE_BYTES) continue;
    const [first, second] = records;
    const header = given.header ?? (first !== undefined && looksLikeHeader(first.fields, second?.fields, separator));
    const settings: ResolvedCsv = { separator, header, encoding, ...(given.columns ? { columns: given.columns } : {}) };
    const dataRecords = header ? records.slice(1) : records;
    return { settings, columns: namesFor(settings, first), rows: dataRecords.slice(0, maxRows).map(sourceRow) };
  }
}

export interface CsvBatch {
  columns: string[];
  rows: SourceRow[];
  /** Bytes of the file read so far. */
  bytesRead: number;
}

/** The whole file as batches of about `batchRows` rows. */
export async function* readCsvRows(path: string, settings: ResolvedCsv, batchRows: number): AsyncGenerator<CsvBatch> {
  const decoder = new TextDecoder(settings.encoding, { fatal: true });
  const reader = new CsvRecordReader(settings.separator);
  let columns: string[] | undefined;
  let rows: SourceRow[] = [];
  let bytesRead = 0;
  const take = (records: CsvRecord[]) => {
    for (const r of records) {
      if (!columns) {
        columns = namesFor(settings, r);
        if (settings.header) continue;
      }
      rows.push(sourceRow(r));
    }
  };
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new EngineError(
        'BAD_REQUEST',
        `the file is not valid ${settings.encoding} near byte ${bytesRead}; import it again with encoding windows-1252`,
      );
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    take(reader.push(decode(chunk)));
    bytesRead += chunk.length;
    if (rows.length >= batchRows) {
      yield { columns: columns!, rows, bytesRead };
      rows = [];
    }
  }
  take(reader.push(decode()));
  take(reader.end());
  yield { columns: columns ?? [], rows, bytesRead };
}
