// The assistant panel's conversation: finished turns (question, checked answer, the passages
// sent) and the answer being streamed. Events of `assistant.ask` are folded in here; the turns
// become the `history` of the next question so follow-ups keep their context.
import type { AskEvent, AskParams, Passage } from '../../../../shared/contract/assistant';
import type { ErrorCode } from '../../../../shared/errors';

export interface Turn {
  question: string;
  /** Where the answer comes from, and why retrieval alone (when it is). */
  answers: 'model' | 'retrieval' | null;
  note: string | null;
  passages: Passage[];
  /** The text so far, as the tokens arrived. */
  streamed: string;
  /** The checked answer, once done. */
  done: Extract<AskEvent, { type: 'done' }> | null;
  failed: { code: ErrorCode; message: string } | null;
  cancelled: boolean;
}

export interface Conversation {
  turns: Turn[];
  /** Index of the turn being answered, or null. */
  streaming: number | null;
}

export const EMPTY_CONVERSATION: Conversation = { turns: [], streaming: null };

/** Caps of the contract's `history`: 20 turns, 8,000 characters each. */
const HISTORY_TURNS = 20;
const TURN_CHARS = 8000;

export function startTurn(c: Conversation, question: string): Conversation {
  const turn: Turn = {
    question,
    answers: null,
    note: null,
    passages: [],
    streamed: '',
    done: null,
    failed: null,
    cancelled: false,
  };
  return { turns: [...c.turns, turn], streaming: c.turns.length };
}

function updateStreaming(c: Conversation, change: (t: Turn) => Turn): Conversation {
  if (c.streaming === null) return c;
  const turns = c.turns.slice();
  turns[c.streaming] = change(turns[c.streaming]!);
  return { ...c, turns };
}

export function applyAskEvent(c: Conversation, event: AskEvent): Conversation {
  switch (event.type) {
    case 'context':
      // Sent again after a reconnection (the question is asked again): start the text over.
      return updateStreaming(c, (t) => ({
        ...t,
        answers: event.answers,
        note: event.note,
        passages: event.passages,
        streamed: '',
      }));
    case 'token':
      return updateStreaming(c, (t) => ({ ...t, streamed: t.streamed + event.text }));
    case 'done':
      return { ...updateStreaming(c, (t) => ({ ...t, done: event })), streaming: null };
    case 'failed':
      return {
        ...updateStreaming(c, (t) => ({ ...t, failed: { code: event.code, message: event.message } })),
        streaming: null,
      };
  }
}

/** The stream ended without `done` (an error, the link dropped): said on the turn. */
export function endTurn(c: Conversation, failed: { code: ErrorCode; message: string } | null): Conversation {
  if (c.streaming === null) return c;
  return {
    ...updateStreaming(c, (t) => ({
      ...t,
      failed:
        t.done || t.failed
          ? t.failed
          : (failed ?? { code: 'UNAVAILABLE', message: 'the answer stopped before it was finished' }),
    })),
    streaming: null,
  };
}

export function cancelTurn(c: Conversation): Conversation {
  return { ...updateStreaming(c, (t) => ({ ...t, cancelled: true })), streaming: null };
}

/** The finished turns as the contract's `history`, oldest first; cancelled or failed ones are left out. */
export function historyOf(c: Conversation): AskParams['history'] {
  const history: AskParams['history'] = [];
  for (const t of c.turns) {
    if (!t.done) continue;
    history.push({ role: 'user', content: t.question.slice(0, TURN_CHARS) });
    history.push({ role: 'assistant', content: t.done.answer.slice(0, TURN_CHARS) });
  }
  return history.slice(-HISTORY_TURNS);
}
