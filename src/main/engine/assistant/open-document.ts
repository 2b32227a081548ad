// What the document viewer shows for a passage or a document: the extracted text the chunk
// offsets point into (a PDF's one page; a very long document as a window around the passage),
// its headings for a table of contents, and the passage to highlight as offsets into what is
// sent. Nothing is re-read from disk: the viewer shows the text that was indexed and cited.
import type { OpenedDocument } from '../../../shared/contract/assistant';
import { EngineError } from '../../../shared/errors';
import type { KnowledgeStore } from './knowledge/knowledge-store';
import type { Segment } from './knowledge/knowledge-types';

/** Documents up to this many characters are sent whole; longer ones as a window this size. */
export const WHOLE_DOCUMENT_CHARS = 200_000;
const WINDOW_CHARS = 100_000;

export interface OpenRequest {
  chunkId?: string | undefined;
  path?: string | undefined;
  page?: number | undefined;
}

export function openDocument(store: KnowledgeStore, request: OpenRequest): OpenedDocument {
  let path: string;
  let passage: { start: number; end: number; page: number | null } | undefined;
  if (request.chunkId !== undefined) {
    const row = store.db
      .prepare(
        'SELECT d.path AS path, c.start AS start, c."end" AS "end", c.page AS page FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?',
      )
      .get(request.chunkId) as { path: string; start: number; end: number; page: number | null } | undefined;
    if (!row) {
      throw new EngineError(
        'NOT_FOUND',
        'this passage is no longer in the knowledge base (its document changed or was removed since it was cited)',
      );
    }
    path = row.path;
    passage = { start: row.start, end: row.end, page: row.page };
  } else if (request.path !== undefined) {
    path = request.path;
  } else {
    throw new EngineError('BAD_REQUEST', 'give either "chunkId" or "path"');
  }

  const doc = store.document(path);
  const extracted = doc?.status === 'ok' ? store.extracted(path) : undefined;
  if (!doc || !extracted) {
    throw new EngineError(
      'NOT_FOUND',
      doc
        ? `${path} could not be read: ${doc.reason ?? 'unknown reason'}`
        : `no document ${path} in the knowledge base`,
    );
  }
  const title = doc.title ?? path.split(/[\\/]/).pop() ?? path;
  const base = { path, title, type: doc.type, pages: doc.pages };

  if (doc.pages !== null) {
    const page = passage?.page ?? request.page ?? 1;
    const segment = extracted.segments.find((s) => s.page === page);
    if (!segment) throw new EngineError('NOT_FOUND', `${title} has no page ${page} (it has ${doc.pages})`);
    const text = extracted.text.slice(segment.start, segment.end);
    return {
      ...base,
      page,
      headings: [],
      text,
      offset: segment.start,
      highlight: passage ? clampRange(passage.start - segment.start, passage.end - segment.start, text.length) : null,
    };
  }

  const all = extracted.text;
  let offset = 0;
  let end = all.length;
  if (all.length > WHOLE_DOCUMENT_CHARS) {
    const centre = passage ? Math.floor((passage.start + passage.end) / 2) : 0;
    offset = Math.max(0, Math.min(all.length - WINDOW_CHARS, centre - WINDOW_CHARS / 2));
    end = offset + WINDOW_CHARS;
  }
  const text = all.slice(offset, end);
  return {
    ...base,
    page: null,
    headings: headingsOf(extracted.segments, offset, end),
    text,
    offset,
    highlight: passage ? clampRange(passage.start - offset, passage.end - offset, text.length) : null,
  };
}

function clampRange(start: number, end: number, length: number): { start: number; end: number } {
  const s = Math.max(0, Math.min(start, length));
  return { start: s, end: Math.max(s, Math.min(end, length)) };
}

/** Where each heading's section starts, once per heading path, within [from, to). */
function headingsOf(segments: readonly Segment[], from: number, to: number): OpenedDocument['headings'] {
  const out: OpenedDocument['headings'] = [];
  let last = '';
  for (const s of segments) {
    if (s.headingPath.length === 0 || s.start < from || s.start >= to) continue;
    const key = s.headingPath.join('\u0000');
    if (key === last) continue;
    last = key;
    out.push({ path: s.headingPath, start: s.start - from });
  }
  return out;
}
