// Free questions in the assistant panel: a text box (Enter sends, Shift+Enter a new line), the
// answer as it streams, then the checked answer with its citations as buttons, "Not in the
// runbooks" said as such, the passages sent and — when the answer comes from retrieval alone —
// why. Cancel (or Escape anywhere in the panel) stops the answer at once.
import { useState, type KeyboardEvent } from 'react';
import { NOT_COVERED, type Passage } from '../../../../shared/contract/assistant';
import { formatDuration } from '../../components/format';
import { CitedText } from './CitedText';
import type { Turn } from './conversation';
import { PassageList } from './PassageList';
import type { Asking } from './use-ask';

function TurnView({ turn, live, onCite }: { turn: Turn; live: boolean; onCite(p: Passage): void }) {
  const done = turn.done;
  return (
    <li
      className="turn"
      data-testid="turn"
      data-state={done ? 'done' : turn.failed ? 'failed' : turn.cancelled ? 'cancelled' : 'streaming'}
    >
      <p className="turn-question">{turn.question}</p>
      {turn.answers === 'retrieval' && (
        <p className="report-fallback" data-testid="answer-fallback">
          From the runbooks alone{turn.note ? ` — ${turn.note}` : ''}
        </p>
      )}
      <div className="turn-answer" data-testid="answer" aria-busy={live}>
        {done ? (
          <>
            {done.notCovered && (
              <p className="not-covered" data-testid="not-covered">
                {NOT_COVERED}
              </p>
            )}
            {done.answer && !(done.notCovered && done.answer.trim() === NOT_COVERED) && (
              <CitedText text={done.answer} passages={turn.passages} onCite={onCite} />
            )}
          </>
        ) : (
          <span data-testid="answer-streamed">{turn.streamed || (live ? 'Looking in the runbooks…' : '')}</span>
        )}
      </div>
      {turn.cancelled && <p className="assistant-hint">Cancelled.</p>}
      {turn.failed && (
        <p className="assistant-error" role="alert" data-code={turn.failed.code}>
          No answer: {turn.failed.message}
        </p>
      )}
      <PassageList passages={turn.passages} onOpen={onCite} />
      {done && (
        <p className="assistant-meta">
          {done.model ?? 'Runbooks only'} · {formatDuration(done.durationMs)}
          {done.removed.length > 0 && ` · ${done.removed.length} citation(s) naming no passage sent were removed`}
        </p>
      )}
    </li>
  );
}

export function AskSection({
  asking,
  onCite,
  explain,
}: {
  asking: Asking;
  onCite(p: Passage): void;
  /** The question "Explain this alarm" asks, when the panel is about an alarm. */
  explain?: string;
}) {
  const [text, setText] = useState('');
  const { conversation, streaming } = asking;

  const send = () => {
    if (!text.trim()) return;
    asking.ask(text);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <section className="assistant-ask" aria-label="Questions" data-testid="ask-section">
      <div className="assistant-actions">
        {explain && (
          <button
            type="button"
            className="button"
            disabled={streaming}
            onClick={() => asking.ask(explain)}
            data-testid="explain-alarm"
          >
            Explain this alarm
          </button>
        )}
        {conversation.turns.length > 0 && (
          <button type="button" className="button" onClick={asking.reset} data-testid="new-conversation">
            New conversation
          </button>
        )}
      </div>
      {conversation.turns.length > 0 && (
        <ol className="turns" aria-live="polite" data-testid="conversation">
          {conversation.turns.map((t, i) => (
            <TurnView key={i} turn={t} live={conversation.streaming === i} onCite={onCite} />
          ))}
        </ol>
      )}
      <div className="ask-box">
        <textarea
          value={text}
          rows={2}
          maxLength={2000}
          placeholder={conversation.turns.length ? 'Ask a follow-up…' : 'Ask about this in the runbooks…'}
          aria-label="Question for the assistant (Enter sends, Shift+Enter for a new line)"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          data-testid="ask-input"
        />
        {streaming ? (
          <button type="button" className="button" onClick={asking.cancel} data-testid="ask-cancel">
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={!text.trim()}
            onClick={send}
            data-testid="ask-send"
          >
            Ask
          </button>
        )}
      </div>
    </section>
  );
}
