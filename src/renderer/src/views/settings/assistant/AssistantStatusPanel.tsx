// Beside Settings → Assistant's form: the assistant as it runs now (the `assistant.status`
// stream) — Ollama's state with the exact `ollama pull …` to run when a model is missing, where
// answers come from, the index (documents, passages, search mode, embeddings, last sync), each
// knowledge folder with its problem, the reports made, and "Re-index now".
import { useState } from 'react';
import type { AssistantStatus } from '../../../../../shared/contract/assistant';
import { useClient } from '../../../app/engine-context';
import { formatDuration, formatLocalTime } from '../../../components/format';
import { answersSummary, indexSummary, ollamaSummary } from '../../assistant/status-text';
import type { LiveStatus } from '../../assistant/use-assistant-status';

const ORIGIN: Record<AssistantStatus['index']['folders'][number]['origin'], string> = {
  shipped: 'shipped runbooks',
  data: 'data folder',
  site: 'added for this site',
};

function PullCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard?.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <span className="pull-command">
      <code data-testid="pull-command">{command}</code>
      {navigator.clipboard && (
        <button type="button" className="button small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      )}
    </span>
  );
}

export function AssistantStatusPanel({ live }: { live: LiveStatus }) {
  const client = useClient();
  const { status, error, adopt } = live;
  const [reindexing, setReindexing] = useState(false);
  const [reindexError, setReindexError] = useState<string | null>(null);

  if (!status) return <p className="assistant-hint">{error ?? 'Checking the assistant…'}</p>;
  const { ollama, index, reports } = status;
  const pulls = [ollama.chat, ollama.embedding].filter((m) => m && !m.present && m.pullCommand);

  const reindex = async () => {
    setReindexing(true);
    setReindexError(null);
    try {
      adopt(await client.request('assistant.reindex', {}));
    } catch (err) {
      setReindexError(err instanceof Error ? err.message : String(err));
    } finally {
      setReindexing(false);
    }
  };

  return (
    <aside className="assistant-status" aria-label="Assistant status" data-testid="assistant-status">
      <h3>Ollama</h3>
      <p data-testid="ollama-state" data-state={ollama.state} className={`ollama-${ollama.state}`}>
        {ollamaSummary(ollama)}
      </p>
      {pulls.length > 0 && (
        <div className="pulls">
          <span className="assistant-hint">Run on the Ollama machine:</span>
          {pulls.map((m) => (
            <PullCommand key={m!.name} command={m!.pullCommand!} />
          ))}
        </div>
      )}
      <p className="assistant-hint" data-testid="answers-from">
        {answersSummary(status)} Checked {formatLocalTime(ollama.checkedAt)}.
      </p>

      <h3>Index</h3>
      <p data-testid="index-summary">{indexSummary(status)}</p>
      <dl className="status-facts">
        <dt>Search</dt>
        <dd data-testid="search-mode">
          {index.search === 'hybrid' ? 'hybrid (keywords + embeddings)' : 'keywords only'}
        </dd>
        <dt>Embeddings</dt>
        <dd>
          {index.embeddings.model ?? 'none configured'}
          {index.embeddings.model &&
            ` · ${index.embeddings.done} done, ${index.embeddings.pending} pending, ${index.embeddings.failed} failed`}
          {index.embeddings.lastError && (
            <span className="status-problem"> · last error: {index.embeddings.lastError}</span>
          )}
        </dd>
        <dt>Last sync</dt>
        <dd>
          {index.lastSync
            ? `${formatLocalTime(index.lastSync.at)} in ${formatDuration(index.lastSync.durationMs)}: ${index.lastSync.indexed} indexed, ${index.lastSync.unchanged} unchanged, ${index.lastSync.removed} removed, ${index.lastSync.errors} unreadable`
            : 'not yet'}
        </dd>
        <dt>Reports</dt>
        <dd>
          {reports.made} made ({reports.fallbacks} from the runbooks alone), {reports.queued} waiting, {reports.running}{' '}
          being written, {reports.dropped} left out in floods
        </dd>
      </dl>
      <h3>Folders</h3>
      <ul className="status-folders" data-testid="status-folders">
        {index.folders.map((f) => (
          <li key={f.path} data-problem={f.problem !== null}>
            <code>{f.path}</code> <span className="assistant-hint">({ORIGIN[f.origin]})</span>
            {f.problem && <span className="status-problem"> — {f.problem}</span>}
          </li>
        ))}
      </ul>
      <div className="assistant-actions">
        <button
          type="button"
          className="button"
          disabled={reindexing || index.state === 'syncing'}
          onClick={() => void reindex()}
          data-testid="reindex"
        >
          {index.state === 'syncing' || reindexing ? 'Re-indexing…' : 'Re-index now'}
        </button>
      </div>
      {reindexError && (
        <p className="assistant-error" role="alert">
          {reindexError}
        </p>
      )}
    </aside>
  );
}
