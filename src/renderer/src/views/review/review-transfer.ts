// Export and import of labels as the Review view does them: the file name an export is saved
// under (with the date, so two exports never overwrite each other silently), the format an
// imported file is read as (from its extension; the engine checks the content), and the summary
// an import answers with, in words.
import type { AnnotationFormat, ResultOf } from '../../../../shared/contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** `watchfloor-labels-2026-12-06-1430.csv`, in local time. */
export function exportFileName(format: AnnotationFormat, now: Date = new Date()): string {
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `watchfloor-labels-${day}-${pad(now.getHours())}${pad(now.getMinutes())}.${format}`;
}

export const EXPORT_TYPES: Readonly<Record<AnnotationFormat, string>> = {
  json: 'application/json',
  csv: 'text/csv',
};

/** The format of a chosen file, or null when its name says neither. */
export function formatOfFile(name: string): AnnotationFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  return ext === 'json' || ext === 'csv' ? ext : null;
}

/** Files larger than this are refused before reading them (the contract's limit). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportResult = ResultOf<'annotations.import'>;

/** "3 created · 1 updated · 2 unchanged · 1 rejected". */
export function importSummary(result: ImportResult): string {
  const parts = [
    `${result.created} created`,
    `${result.updated} updated`,
    `${result.unchanged} unchanged`,
    `${result.rejected.length} rejected`,
  ];
  return parts.join(' · ');
}
