// The document viewer: a dialog showing one document of the knowledge base as text — opened at a
// passage (`chunkId`: the passage marked and scrolled into view) or whole (`path`, a PDF at a
// page). Line breaks are kept; Markdown is shown as its text, with the document's headings as a
// small table of contents. A PDF shows one page at a time with previous / next. Escape closes;
// Tab stays inside the dialog; focus returns to what opened it.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { OpenedDocument } from '../../../../shared/contract/assistant';
import { useClient } from '../../app/engine-context';
import { viewerSegments } from './viewer-segments';
import './assistant.css';

export type ViewerTarget = { chunkId: string } | { path: string; page?: number };

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function DocumentViewer({ target, onClose }: { target: ViewerTarget; onClose(): void }) {
  const client = useClient();
  // A page turned by the viewer itself, for as long as the host keeps the same target.
  const [paged, setPaged] = useState<{ from: ViewerTarget; to: ViewerTarget } | null>(null);
  const shown = paged && paged.from === target ? paged.to : target;
  const [doc, setDoc] = useState<OpenedDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    client.request('assistant.open', shown).then(
      (d) => current && (setDoc(d), setError(null)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [client, shown]);

  // Focus moves into the dialog and goes back to the button that opened it.
  useLayoutEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => before?.focus();
  }, []);

  useEffect(() => {
    if (!doc) return;
    const mark = body.current?.querySelector('mark');
    if (mark) mark.scrollIntoView({ block: 'center' });
    else body.current?.scrollTo({ top: 0 });
  }, [doc]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Modal: no key pressed in here reaches the view's shortcuts (the queue's A, the header's digits).
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const at = document.activeElement;
    if (event.shiftKey && (at === first || at === dialog.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && at === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const segments = doc ? viewerSegments(doc.text, doc.headings, doc.highlight) : [];
  const page = doc?.page ?? null;
  const pages = doc?.pages ?? null;
  const goToPage = (p: number) => doc && setPaged({ from: target, to: { path: doc.path, page: p } });
  const scrollToHeading = (i: number) =>
    body.current?.querySelector(`[data-heading="${i}"]`)?.scrollIntoView({ block: 'start' });

  return createPortal(
    <div className="viewer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="viewer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="viewer-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="document-viewer"
        data-path={doc?.path}
        data-page={page ?? undefined}
      >
        <header className="viewer-head">
          <div>
            <h2 id="viewer-title">{doc?.title ?? 'Opening…'}</h2>
            {doc && (
              <p className="viewer-path" title={doc.path}>
                {doc.path}
              </p>
            )}
          </div>
          <button type="button" className="button" onClick={onClose} data-testid="viewer-close">
            Close
          </button>
        </header>
        {error && (
          <p className="assistant-error" role="alert" data-testid="viewer-error">
            Could not open the document: {error}
          </p>
        )}
        {doc && page !== null && (
          <nav className="viewer-pages" aria-label="Pages">
            <button
              type="button"
              className="button small"
              disabled={page <= 1}
              onClick={() => goToPage(page - 1)}
              data-testid="viewer-prev"
            >
              ‹ Previous
            </button>
            <span data-testid="viewer-page">
              Page {page} of {pages ?? '?'}
            </span>
            <button
              type="button"
              className="button small"
              disabled={pages !== null && page >= pages}
              onClick={() => goToPage(page + 1)}
              data-testid="viewer-next"
            >
              Next ›
            </button>
          </nav>
        )}
        <div className="viewer-main">
          {doc && doc.headings.length > 1 && (
            <nav className="viewer-toc" aria-label="Contents">
              <ol>
                {doc.headings.map((h, i) => (
                  <li key={i} style={{ paddingLeft: `${(h.path.length - 1) * 0.75}rem` }}>
                    <button type="button" className="link-button" onClick={() => scrollToHeading(i)}>
                      {h.path[h.path.length - 1] ?? ''}
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          <div ref={body} className="viewer-text" data-testid="viewer-text">
            {doc && doc.offset > 0 && <p className="viewer-cut">… the document continues above this excerpt.</p>}
            {segments.map((s) =>
              s.highlighted ? (
                <mark
                  key={s.start}
                  className="viewer-mark"
                  data-testid="viewer-highlight"
                  data-heading={s.heading ?? undefined}
                >
                  {s.text}
                </mark>
              ) : (
                <span key={s.start} data-heading={s.heading ?? undefined}>
                  {s.text}
                </span>
              ),
            )}
          </div>
        </div>
      </div>
    </div>,
    document.body,
  );
}
