// What a dead letter keeps of the decoder that refused it, when the source's own decoder could
// not read it again: a CSV row needs its columns (they may have come from a header row that is
// not part of the row) and its separator; a file-import row needs the import's mapping. Kept
// with the dead letter as JSON, so re-queueing decodes the payload exactly as it was decoded.
import type { DecodeOptions, DecodeResult } from './decode-json';
import { decodeCsvPayload } from './decode-csv';
import { CsvRecordReader } from './file-import/csv-records';
import { readRow, type SourceRow } from './file-import/row-readings';
import type { StoredDecoder } from './decoder-spec';

export type { StoredDecoder };

const text = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** The stored form, or undefined for none or one this version cannot read. */
export function parseStoredDecoder(stored: string | null): StoredDecoder | undefined {
  if (!stored) return undefined;
  try {
    const spec = JSON.parse(stored) as StoredDecoder;
    return spec.kind === 'csv' || spec.kind === 'file-row' ? spec : undefined;
  } catch {
    return undefined;
  }
}

function parquetRow(line: string, columns: readonly string[], row: number): SourceRow {
  try {
    const obj = JSON.parse(line) as Record<string, unknown>;
    const fields = columns.map((c) => {
      const v = Object.hasOwn(obj, c) ? obj[c] : null;
      return v === null || v === undefined ? null : String(v);
    });
    return { row, fields, raw: line };
  } catch {
    return { row, fields: [], raw: line, error: 'is not a stored Parquet row' };
  }
}

/** File rows again through the import's mapping: history, so any past time is accepted. */
function decodeFileRows(spec: Extract<StoredDecoder, { kind: 'file-row' }>, raw: Uint8Array, opts: DecodeOptions) {
  const out: DecodeResult = { readings: [], rejects: [] };
  const body = text.decode(raw);
  let rows: SourceRow[];
  if (spec.format === 'csv') {
    const reader = new CsvRecordReader(spec.separator);
    rows = [...reader.push(body), ...reader.end()].map((r) =>
      r.error
        ? { row: r.line, fields: r.fields, raw: r.text, error: r.error }
        : { row: r.line, fields: r.fields, raw: r.text },
    );
  } else {
    rows = body
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line, k) => parquetRow(line, spec.columns, k + 1));
  }
  const ctx = { now: opts.now, maxFutureMs: opts.maxFutureMs, separator: spec.separator };
  for (const row of rows) {
    const outcome = readRow(row, spec.plan, ctx);
    out.readings.push(...outcome.readings);
    if (outcome.errors.length > 0) {
      out.rejects.push({
        reason: `row ${row.row}: ${outcome.errors.join('; ')}`,
        raw: encoder.encode(row.raw),
        join: 'lines',
        decoder: spec,
      });
    }
  }
  if (rows.length === 0) out.rejects.push({ reason: 'no rows', raw, decoder: spec });
  return out;
}

export function decodeStored(spec: StoredDecoder, raw: Uint8Array, opts: DecodeOptions): DecodeResult {
  if (spec.kind === 'csv') return decodeCsvPayload(raw, spec, opts);
  return decodeFileRows(spec, raw, opts);
}
