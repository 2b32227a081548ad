// One face for the two file formats: a file on the engine's machine, opened as CSV or
// Parquet (told by its first bytes unless the caller says), with its columns, a sample of
// rows, and every row in batches with the fraction of the file read. Preview and import open
// files the same way, so what the preview shows is what the import does.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CsvSettings, ImportFormat } from '../../../../shared/contract';
import { EngineError } from '../../../../shared/errors';
import { MAX_RECORD_CHARS } from './csv-records';
import { readCsvRows, sampleCsv, type ResolvedCsv } from './csv-file';
import { ParquetFile } from './parquet-file';
import type { SourceRow } from './row-readings';

export interface SourceBatch {
  rows: SourceRow[];
  /** 0..1 of the file read. */
  fraction: number;
}

export interface ImportSource {
  path: string;
  name: string;
  format: ImportFormat;
  sizeBytes: number;
  columns: string[];
  sample: SourceRow[];
  /** The settings that read a CSV file; null for Parquet. */
  csv: ResolvedCsv | null;
  totalRows: number | null;
  /** ',' unless a CSV file is separated by something else (then ',' may be a decimal mark). */
  separator: string;
  batches(batchRows: number): AsyncGenerator<SourceBatch>;
  close(): void;
}

const PARQUET_MAGIC = 'PAR1';

async function detectFormat(path: string): Promise<ImportFormat> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && new TextDecoder().decode(head) === PARQUET_MAGIC ? 'parquet' : 'csv';
  } finally {
    await handle.close();
  }
}

/** A missing file is NOT_FOUND; a folder or a device is not a file to import. */
async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new EngineError('BAD_REQUEST', `${path} is not a file`);
    return s.size;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('NOT_FOUND', `no file ${path} on the engine's machine`);
    throw new EngineError('BAD_REQUEST', `${path} cannot be read: ${(err as Error).message}`);
  }
}

async function openCsv(path: string, sizeBytes: number, given: CsvSettings, sampleRows: number): Promise<ImportSource> {
  let sample;
  try {
    sample = await sampleCsv(path, given, sampleRows);
  } catch (err) {
    if (err instanceof RangeError) throw new EngineError('BAD_REQUEST', err.message, { limit: MAX_RECORD_CHARS });
    throw err;
  }
  const { settings, columns } = sample;
  return {
    path,
    name: basename(path),
    format: 'csv',
    sizeBytes,
    columns,
    sample: sample.rows,
    csv: settings,
    totalRows: null,
    separator: settings.separator,
    async *batches(batchRows) {
      for await (const b of readCsvRows(path, settings, batchRows)) {
        yield { rows: b.rows, fraction: sizeBytes === 0 ? 1 : b.bytesRead / sizeBytes };
      }
    },
    close() {},
  };
}

async function openParquet(path: string, sizeBytes: number, sampleRows: number): Promise<ImportSource> {
  const file = await ParquetFile.open(path);
  try {
    const sample = await file.sample(sampleRows);
    return {
      path,
      name: basename(path),
      format: 'parquet',
      sizeBytes,
      columns: file.columnNames,
      sample,
      csv: null,
      totalRows: file.totalRows,
      separator: ',',
      async *batches() {
        let read = 0;
        for await (const rows of file.rows()) {
          read += rows.length;
          yield { rows, fraction: file.totalRows === 0 ? 1 : read / file.totalRows };
        }
      },
      close: () => file.close(),
    };
  } catch (err) {
    file.close();
    throw err;
  }
}

export async function openImportSource(
  path: string,
  options: { format?: ImportFormat; csv?: CsvSettings; sampleRows: number },
): Promise<ImportSource> {
  const sizeBytes = await fileSize(path);
  const format = options.format ?? (await detectFormat(path));
  if (format === 'parquet') {
    if (options.csv) throw new EngineError('BAD_REQUEST', 'CSV settings do not apply to a Parquet file');
    return openParquet(path, sizeBytes, options.sampleRows);
  }
  return openCsv(path, sizeBytes, options.csv ?? {}, options.sampleRows);
}
