// The knowledge view (#knowledge, key 8): the index's status, a search over the knowledge base
// (results with where they come from, the matched words emphasised, and their score), and every
// document found in the knowledge folders — with, for a file that could not be read, the reason.
// A result or a document opens in the document viewer.
import { useEffect, useState, type FormEvent } from 'react';
import type { KnowledgeDocument, KnowledgeSearchResult } from '../../../../shared/contract/assistant';
import { useClient } from '../../app/engine-context';
import { formatLocalTime } from '../../components/format';
import { formatBytes } from '../../components/rate-format';
import { useAppStore } from '../../store/app-store';
import { splitSnippet } from '../assistant/citations';
import { DocumentViewer, type ViewerTarget } from '../assistant/DocumentViewer';
import { passagePlace } from '../assistant/passage-place';
import { answersSummary, indexSummary } from '../assistant/status-text';
import { useAssistantStatus } from '../assistant/use-assistant-status';
import './knowledge.css';

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function Snippet({ text }: { text: string }) {
  return (
    <>{splitSnippet(text).map((p, i) => (p.matched ? <em key={i}>{p.text}</em> : <span key={i}>{p.text}</span>))}</>
  );
}

export function KnowledgeView() {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const { status, error: statusError } = useAssistantStatus();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<KnowledgeSearchResult | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [documents, setDocuments] = useState<KnowledgeDocument[] | null>(null);
  const [docsError, setDocsError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<ViewerTarget | null>(null);

  // The list is read again whenever a sync finished (a file changed, appeared or left).
  const lastSync = status?.index.lastSync?.at ?? null;
  useEffect(() => {
    if (!connected) return;
    let current = true;
    client.request('assistant.documents', {}).then(
      (d) => current && (setDocuments(d), setDocsError(null)),
      (err: unknown) => current && setDocsError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [client, connected, lastSync]);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    setSearching(true);
    setSearchError(null);
    try {
      setResult(await client.request('assistant.search', { query: q, k: 10 }));
    } catch (err) {
      setSearchError(err instanceof Error ? err.message : String(err));
    } finally {
      setSearching(false);
    }
  };

  return (
    <section className="knowledge" aria-labelledby="knowledge-title" data-testid="knowledge-view">
      <h1 id="knowledge-title" className="view-title">
        Knowledge
      </h1>
      <p className="view-note" data-testid="knowledge-status">
        {status ? `${indexSummary(status)}. ${answersSummary(status)}` : (statusError ?? 'Reading the index…')}
      </p>

      <form className="knowledge-search" role="search" onSubmit={(e) => void search(e)}>
        <input
          type="search"
          value={query}
          maxLength={2000}
          placeholder="Search the runbooks: a tag, an alarm code, a symptom…"
          aria-label="Search the knowledge base"
          onChange={(e) => setQuery(e.target.value)}
          data-testid="knowledge-query"
        />
        <button
          type="submit"
          className="button primary"
          disabled={searching || !query.trim()}
          data-testid="knowledge-search"
        >
          Search
        </button>
      </form>
      {searchError && (
        <p className="assistant-error" role="alert">
          {searchError}
        </p>
      )}
      {result && (
        <section aria-label="Search results" className="knowledge-results" data-testid="knowledge-results">
          <p className="assistant-meta">
            {result.hits.length} result{result.hits.length === 1 ? '' : 's'} ·{' '}
            {result.mode === 'hybrid' ? 'hybrid search' : 'keyword search'} · {Math.round(result.tookMs)} ms
            {result.note && ` · ${result.note}`}
          </p>
          {result.hits.length === 0 ? (
            <p className="view-empty">Nothing in the knowledge base matches.</p>
          ) : (
            <ol className="hits">
              {result.hits.map((h) => (
                <li key={h.chunkId} data-testid="knowledge-hit" data-chunk-id={h.chunkId}>
                  <button type="button" className="hit" onClick={() => setViewing({ chunkId: h.chunkId })}>
                    <span className="hit-where">
                      <b>{h.title}</b>
                      {passagePlace(h.title, h.headingPath, h.page).slice(h.title.length)}
                    </span>
                    <span className="hit-score" title="Relevance score">
                      {h.score.toFixed(3)}
                    </span>
                    <span className="hit-snippet">
                      <Snippet text={h.snippet} />
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      <h2 className="knowledge-subtitle">Documents</h2>
      {docsError && (
        <p className="assistant-error" role="alert">
          {docsError}
        </p>
      )}
      {documents === null ? (
        !docsError && <p className="assistant-hint">Loading…</p>
      ) : documents.length === 0 ? (
        <p className="view-empty">No documents in the knowledge folders.</p>
      ) : (
        <div className="knowledge-table">
          <table className="knowledge-docs" data-testid="knowledge-documents">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">File</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col" className="num">
                  Passages
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.path} data-testid="knowledge-doc" data-status={d.status}>
                  <td>
                    {d.status === 'ok' ? (
                      <button type="button" className="link-button" onClick={() => setViewing({ path: d.path })}>
                        {d.title ?? fileName(d.path)}
                      </button>
                    ) : (
                      (d.title ?? fileName(d.path))
                    )}
                  </td>
                  <td className="doc-file" title={d.path}>
                    {fileName(d.path)}
                    <small>
                      {formatBytes(d.size)} · {formatLocalTime(d.indexedAt)}
                    </small>
                  </td>
                  <td>{d.type.replace(/^\./, '')}</td>
                  <td className="num">{d.pages ?? '–'}</td>
                  <td className="num">{d.chunks}</td>
                  <td>
                    {d.status === 'ok' ? (
                      'indexed'
                    ) : (
                      <span className="doc-error" data-testid="doc-reason">
                        not readable: {d.reason ?? 'no reason given'}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {viewing && <DocumentViewer target={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
