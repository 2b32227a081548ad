// PDF through unpdf (pdf.js, offline): the text of each page, pages joined by a blank line, one
// segment per page so every chunk knows its page. A PDF without a text layer (a scan) or one that
// cannot be opened gets a reason; OCR is out of scope.
import { basename, extname } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DocumentLoader, LoadResult, Segment } from './knowledge-types';

const PAGE_SEPARATOR = '\n\n';

export const pdfLoader: DocumentLoader = {
  extensions: ['.pdf'],
  load: loadPdf,
};

async function loadPdf(bytes: Buffer, name: string): Promise<LoadResult> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may take over the buffer it is given: it gets a copy. Verbosity 0: no console noise.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'PasswordException') return { ok: false, reason: 'password-protected PDF' };
    return { ok: false, reason: `not a readable PDF (${e.message || e.name})` };
  }
  try {
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    let text = '';
    const segments: Segment[] = [];
    pages.forEach((raw, i) => {
      const page = raw.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
      if (i > 0) text += PAGE_SEPARATOR;
      if (page.trim())
        segments.push({ start: text.length, end: text.length + page.length, headingPath: [], page: i + 1 });
      text += page;
    });
    if (segments.length === 0) {
      return {
        ok: false,
        reason: `scanned PDF without a text layer (${totalPages} page${totalPages === 1 ? '' : 's'}; run OCR on it to index it)`,
      };
    }
    return {
      ok: true,
      doc: { text, segments, title: (await pdfTitle(pdf)) ?? basename(name, extname(name)), pages: totalPages },
    };
  } catch (err) {
    return { ok: false, reason: `PDF text could not be extracted (${(err as Error).message})` };
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

async function pdfTitle(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<string | undefined> {
  try {
    const { info } = await pdf.getMetadata();
    const title = (info as { Title?: unknown } | undefined)?.Title;
    return typeof title === 'string' && title.trim() ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}
