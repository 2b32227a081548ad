// File import shapes of the contract: CSV and Parquet files on the engine's machine, read
// with a column mapping into readings. `import.preview` shows what a mapping (given, guessed,
// or partly both) makes of the first rows; `import.start` runs the import as a job, and
// `import.summary` reports what became of it (stored, duplicates skipped, rejected).
import { z } from 'zod';
import { AbsolutePath, Job } from './history';

export const ImportFormat = z.enum(['csv', 'parquet']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** How CSV text is decoded: UTF-8, or the Windows code page of older spreadsheet exports. */
export const ImportEncoding = z.enum(['utf-8', 'windows-1252']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;

const ColumnName = z.string().min(1).max(200);
/** The same rules as a reading's deviceId and sensorType (reading-fields.ts). */
const DeviceIdText = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'a device id is 1–128 letters, digits and . _ : -');
const SignalText = z
  .string()
  .regex(/^[A-Za-z0-9._:/-]{1,128}$/, 'a signal name is 1–128 letters, digits and . _ : / -');

/** Where each field of a reading comes from. Every other field names a column. */
const mappingFields = {
  /** One row holds many signals: every column not used otherwise is a signal named by its header. */
  wide: z.boolean().optional(),
  /** The column holding the device id… */
  deviceColumn: ColumnName.optional(),
  /** …or one device for every row. */
  deviceId: DeviceIdText.optional(),
  /** Long files: the column holding the signal name… */
  signalColumn: ColumnName.optional(),
  /** …or one signal for every row. */
  signal: SignalText.optional(),
  value: ColumnName.optional(),
  timestamp: ColumnName.optional(),
  unit: ColumnName.optional(),
  /** Quality or status words (good, bad, uncertain, fault…). */
  quality: ColumnName.optional(),
  /** Wide files: columns that are not signals (an operator's name, a batch number…). */
  exclude: z.array(ColumnName).max(10_000).optional(),
};

/** Why a mapping cannot be used, in words for the operator; empty when it can. */
export function mappingProblems(m: z.infer<typeof ImportMappingPatch>): string[] {
  const problems: string[] = [];
  if (!m.timestamp) problems.push('choose the timestamp column');
  if (!m.deviceColumn && !m.deviceId) problems.push('choose the device column or give one device id');
  if (m.deviceColumn && m.deviceId) problems.push('give a device column or a device id, not both');
  if (m.wide) {
    const extra = (['signalColumn', 'signal', 'value', 'unit'] as const).filter((k) => m[k] !== undefined);
    if (extra.length > 0) {
      problems.push(`a wide file names its signals in the header: drop ${extra.map((k) => `"${k}"`).join(', ')}`);
    }
  } else {
    if (!m.signalColumn && !m.signal) problems.push('choose the signal column or give one signal name');
    if (m.signalColumn && m.signal) problems.push('give a signal column or a signal name, not both');
    if (!m.value) problems.push('choose the value column');
    if (m.exclude?.length) problems.push('"exclude" applies to wide files only');
  }
  const used = [m.deviceColumn, m.signalColumn, m.value, m.timestamp, m.unit, m.quality].filter(
    (c): c is string => c !== undefined,
  );
  const twice = used.filter((c, i) => used.indexOf(c) !== i);
  if (twice.length > 0) problems.push(`column "${twice[0]}" is mapped to two fields`);
  return problems;
}

/** Any part of a mapping: what a caller fixes; the engine guesses the rest (import.preview). */
export const ImportMappingPatch = z.object(mappingFields).strict();
export type ImportMappingPatch = z.infer<typeof ImportMappingPatch>;

/** A complete mapping, as import.start needs it. */
export const ImportMapping = z
  .object(mappingFields)
  .strict()
  .superRefine((m, ctx) => {
    for (const message of mappingProblems(m)) ctx.addIssue({ code: 'custom', message });
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

/** How a CSV file is read; whatever is left out is detected from the file. */
export const CsvSettings = z
  .object({
    separator: z
      .string()
      .length(1)
      .refine((s) => !/["\r\n]/.test(s), 'the separator cannot be a quote or a line break')
      .optional(),
    /** Whether the first row names the columns. */
    header: z.boolean().optional(),
    /** Names for the columns, in order (they replace the header's names when there is one). */
    columns: z.array(ColumnName).min(1).max(10_000).optional(),
    encoding: ImportEncoding.optional(),
  })
  .strict();
export type CsvSettings = z.infer<typeof CsvSettings>;

const fileFields = {
  path: AbsolutePath,
  /** Detected from the file's first bytes when left out. */
  format: ImportFormat.optional(),
  csv: CsvSettings.optional(),
};

export const ImportPreviewParams = z
  .object({
    ...fileFields,
    mapping: ImportMappingPatch.optional(),
    /** false: the mapping is taken as given (an editor's draft); what it lacks is a problem. */
    guess: z.boolean().default(true),
    rows: z.number().int().min(1).max(200).default(20),
  })
  .strict();

export const ImportStartParams = z
  .object({
    ...fileFields,
    mapping: ImportMapping,
    /**
     * The operator confirmed that the mapping's device id names a new device, to be created
     * unconfigured with the file's signals. Without it, an unknown device id is refused
     * (NOT_FOUND): an import never creates a device silently.
     */
    createDevice: z.boolean().optional(),
  })
  .strict();

export const PreviewReading = z.object({
  deviceId: z.string(),
  signal: z.string(),
  ts: z.number(),
  value: z.number(),
  quality: z.enum(['good', 'uncertain', 'bad']),
  unit: z.string(),
});

export const PreviewRow = z.object({
  /** The row's line in the file (CSV, header included) or its position (Parquet), from 1. */
  row: z.number().int(),
  cells: z.array(z.string().nullable()),
  readings: z.array(PreviewReading),
  /** Why the row, or parts of it, would be rejected. */
  errors: z.array(z.string()),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ImportPreview = z.object({
  path: z.string(),
  name: z.string(),
  format: ImportFormat,
  sizeBytes: z.number(),
  /** The CSV settings used (given or detected); null for Parquet. */
  csv: z.object({ separator: z.string(), header: z.boolean(), encoding: ImportEncoding }).nullable(),
  columns: z.array(z.string()),
  /** Parquet knows its row count; a CSV file's is known once it is read. */
  totalRows: z.number().int().nullable(),
  /** The mapping used: the caller's, completed by a guess from the columns and the first rows. */
  mapping: ImportMappingPatch,
  /** Fields that came from the guess rather than the caller. */
  guessed: z.array(z.string()),
  /** Why this mapping cannot be imported yet; empty when it can. */
  problems: z.array(z.string()),
  /** Signals a wide file would give, with the unit read from the header ("Temp (°C)"). */
  signals: z.array(z.object({ column: z.string(), signal: z.string(), unit: z.string() })),
  rows: z.array(PreviewRow),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportSummary = z.object({
  jobId: z.string(),
  path: z.string(),
  format: ImportFormat,
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  /** Data rows read from the file. */
  rows: z.number().int(),
  /** Readings new to history. */
  stored: z.number().int(),
  /** Readings history already held (same series and time): skipped. */
  duplicates: z.number().int(),
  /** Rows (or parts of wide rows) sent to dead letters, source "file", origin "<file>:<row>". */
  rejected: z.number().int(),
  /**
   * Devices the file's device column names that are not registered, whose rows were refused
   * because creating them was not confirmed (createDevice); the first 20.
   */
  refusedDevices: z.array(z.string()),
  error: z.string().nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** What POST /api/import/upload answers: where the file now is on the engine's machine. */
export const ImportUpload = z.object({ path: z.string(), name: z.string(), sizeBytes: z.number() });
export type ImportUpload = z.infer<typeof ImportUpload>;

export const importRequests = {
  /** What a CSV or Parquet file on the engine's machine would give: the first rows, mapped. */
  'import.preview': { params: ImportPreviewParams, result: ImportPreview },
  /** Imports such a file as a job; readings already stored are skipped and counted. */
  'import.start': { params: ImportStartParams, result: Job },
  /** What an import job stored, skipped and rejected (so far, while it runs). */
  'import.summary': { params: z.object({ id: z.string() }).strict(), result: ImportSummary },
} as const;
