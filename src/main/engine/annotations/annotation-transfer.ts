// Export and import of labels (the file format is annotation-files.ts): an export is every
// label the filters select; an import checks the whole file, then writes it in chunks.
//
// Import decisions: a row whose id exists here and says something different updates that label
// (history action "import", by the caller); an identical row changes nothing; any other row
// creates a label keeping the file's id, author and times (history "import" by the caller). Rows
// are checked like labels made by hand (device, signal, cause from the site's list, corrected
// values only on a one-signal bad-data label and inside it), except that an alarm target need
// not exist here: alarm ids belong to the engine that raised them, and a label moved to another
// engine keeps its range and says which alarm it was about. A refused row is reported with its
// line and reason; the others load. An id given twice in one file is refused the second time.
//
// Chunks (issue 13 follow-up): the file is parsed and every row checked first (all refusals by
// line, before anything is written), then written IMPORT_CHUNK (1,000) rows per SQLite
// transaction, the event loop getting a turn between two (and every 1,000 rows while parsing and
// checking), so readings keep flowing. Each chunk is announced (index, listeners, stream) once it
// is stored. An import cut short — a crash, a full disk — keeps the chunks it stored; importing
// the same file again completes it, the stored rows counting as unchanged. For that to hold:
// - a row without an id gets one from its content and how many identical rows came before it in
//   the file (not a random one), so the second import finds the label the first one made;
// - a row without an "updated" time keeps the label's (the import time only when it changes
//   something), so it compares equal the second time.
// Rows checked against devices and causes before writing may meet a label edited by hand between
// two chunks: each row is compared with the label as it is when its chunk is written.
//
// Measured (.scratch/import-stall.mts, this shared 2-core machine; the longest gap of a 1 ms timer
// during the import — monitorEventLoopDelay under-reports one long block, showing 5–10 ms while
// the timer waited over a second): 20,000 new rows, 3 runs, before 1,369 / 1,348 / 1,072 ms
// stalled (the whole import), after 221 / 127 / 176 ms (import 1.3–1.9 s in all); the same file
// again (before: 20,000 "updated", the file has no "updated" column; after: 20,000 unchanged)
// before 1,421 / 1,602 / 1,366 ms, after 204 / 131 / 184 ms. 130,000 rows (~13 MB): before
// 9.2 s stalled, after 0.9 s longest — the CSV tokeniser (parseCsv) still runs in one go; the
// import takes 11.9 s in all (each chunk re-sorts the index bucket it touches, one series here).
// An export of 20,000 takes 1.1 s, in one go.
import { createHash } from 'node:crypto';
import type { Annotation, AnnotationFormat } from '../../../shared/contract/annotations';
import { EngineError } from '../../../shared/errors';
import { formatFile, parseFileInSteps, rowOf, type FileRow } from './annotation-files';
import type { AnnotationService } from './annotation-service';
import { fieldsOf, type AnnotationQuery } from './annotation-store';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reason: string }[];
}

/** Every label the filters select, as a file. */
export function exportLabels(
  service: AnnotationService,
  q: AnnotationQuery & { format: AnnotationFormat },
): { format: AnnotationFormat; content: string; count: number } {
  const { store } = service;
  const { items } = store.list(q, Number.MAX_SAFE_INTEGER);
  // A fixed order that does not depend on how the rows were stored: newest start, then id.
  items.sort((a, b) => b.from - a.from || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const labels = items.map((annotation) => ({
    annotation,
    corrections: annotation.corrections > 0 ? store.corrections(annotation.id) : [],
  }));
  return { format: q.format, content: formatFile(q.format, labels), count: labels.length };
}

/** Checks a row as a label; throws the reason it is refused. */
function check(service: AnnotationService, row: FileRow): FileRow {
  const target = row.target.type === 'alarm' ? { type: 'range' as const } : row.target;
  service.validate({ ...row, target });
  const cause = service.knownCause(row.cause);
  if (row.corrections.length > 0) {
    if (row.verdict !== 'bad-data' || row.signal === '*') {
      throw new Error('only a bad-data label of one signal carries corrected values');
    }
    const outside = row.corrections.find((c) => c.ts < row.from || c.ts > row.to);
    if (outside) throw new Error(`a corrected value at ${outside.ts} lies outside start–end`);
    if (new Set(row.corrections.map((c) => c.ts)).size !== row.corrections.length) {
      throw new Error('two corrected values at the same time');
    }
  }
  return { ...row, cause, corrections: [...row.corrections].sort((a, b) => a.ts - b.ts) };
}

/** Rows written per SQLite transaction; the event loop runs between two (readings keep flowing). */
export const IMPORT_CHUNK = 1000;

/**
 * The id a row without one gets: from its content and how many identical rows came before it in
 * the file, so that importing the same file again finds the labels it made (and two identical
 * rows in one file still make two labels).
 */
function idOfRow(row: FileRow, occurrence: number): string {
  const digest = createHash('sha256').update(JSON.stringify(row)).update(`#${occurrence}`).digest('base64url');
  return `i${digest.slice(0, 15)}`;
}

export async function importLabels(
  service: AnnotationService,
  format: AnnotationFormat,
  content: string,
  by: string,
  now: number,
): Promise<ImportResult> {
  const { store } = service;
  const parsed = await parseFileInSteps(format, content, yieldToEvents, IMPORT_CHUNK);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, rejected: parsed.rejected };
  // 1. Every row checked before anything is written: all refusals by line, whatever happens next.
  const accepted: (FileRow & { id: string })[] = [];
  const seen = new Map<string, number>();
  const identical = new Map<string, number>();
  for (const [n, { line, row: raw }] of parsed.rows.entries()) {
    if (n > 0 && n % IMPORT_CHUNK === 0) await yieldToEvents();
    try {
      let id = raw.id;
      if (id === undefined) {
        const key = JSON.stringify(raw);
        const n = identical.get(key) ?? 0;
        identical.set(key, n + 1);
        id = idOfRow(raw, n);
      }
      const first = seen.get(id);
      if (first !== undefined) throw new Error(`id ${id} is also on line ${first}`);
      seen.set(id, line);
      accepted.push({ ...check(service, raw), id });
    } catch (err) {
      result.rejected.push({
        line,
        reason: err instanceof EngineError || err instanceof Error ? err.message : String(err),
      });
    }
  }
  result.rejected.sort((a, b) => a.line - b.line);
  // 2. Written in chunks, each its own transaction, announced once it is stored.
  for (let i = 0; i < accepted.length; i += IMPORT_CHUNK) {
    const announce: { action: 'import'; before: Annotation | null; after: Annotation }[] = [];
    store.transaction(() => {
      for (const row of accepted.slice(i, i + IMPORT_CHUNK)) {
        const change = writeRow(service, row, by, now);
        if (change === 'unchanged') result.unchanged++;
        else {
          if (change.before) result.updated++;
          else result.created++;
          announce.push({ action: 'import', ...change });
        }
      }
    });
    service.announceMany(announce);
    await yieldToEvents();
  }
  return result;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Stores one checked row (with its id): the label before and after, or 'unchanged'. */
function writeRow(
  service: AnnotationService,
  row: FileRow & { id: string },
  by: string,
  now: number,
): { before: Annotation | null; after: Annotation } | 'unchanged' {
  const { store } = service;
  const current = store.get(row.id);
  const next: Annotation = {
    id: row.id,
    ...fieldsOf(row),
    author: row.author ?? current?.author ?? by,
    createdAt: row.createdAt ?? current?.createdAt ?? now,
    // A file without "updated" does not move it by itself: only a real change does (below).
    updatedAt: row.updatedAt ?? current?.updatedAt ?? now,
    updatedBy: by,
    revision: current ? current.revision + 1 : 1,
    deleted: row.deleted,
    corrections: row.corrections.length,
  };
  if (current) {
    const was = JSON.stringify(rowOf(current, current.corrections > 0 ? store.corrections(current.id) : []));
    if (was === JSON.stringify(rowOf(next, row.corrections))) return 'unchanged';
    if (row.updatedAt === undefined) next.updatedAt = now;
    store.update(next);
  } else {
    store.insert(next);
  }
  if (current?.corrections || row.corrections.length > 0) store.setCorrections(next.id, row.corrections);
  store.addHistory(next.id, {
    revision: next.revision,
    at: now,
    by,
    action: 'import',
    before: current && !current.deleted ? fieldsOf(current) : null,
    after: next.deleted ? null : fieldsOf(next),
    note: null,
  });
  return { before: current ?? null, after: next };
}
