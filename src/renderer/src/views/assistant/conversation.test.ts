// The panel's conversation: streamed tokens build the answer, done replaces it with the checked
// one, and only finished answers go back to the engine as history for a follow-up.
import { describe, expect, it } from 'vitest';
import type { AskEvent, Passage } from '../../../../shared/contract/assistant';
import {
  applyAskEvent,
  cancelTurn,
  EMPTY_CONVERSATION,
  endTurn,
  historyOf,
  startTurn,
  type Conversation,
} from './conversation';

const passage: Passage = {
  n: 1,
  kind: 'document',
  ref: 'c1',
  path: '/k/pressure.md',
  title: 'Pressure',
  headingPath: ['Checks'],
  page: null,
  alarmId: null,
  text: 'Check PT-201',
};

const done = (answer: string): AskEvent => ({
  type: 'done',
  answer,
  cited: [1],
  removed: [],
  notCovered: false,
  model: 'm',
  durationMs: 5,
});

function answered(c: Conversation, q: string, a: string): Conversation {
  let s = startTurn(c, q);
  s = applyAskEvent(s, { type: 'context', answers: 'model', passages: [passage], note: null });
  s = applyAskEvent(s, { type: 'token', text: a.slice(0, 3) });
  s = applyAskEvent(s, { type: 'token', text: a.slice(3) });
  return applyAskEvent(s, done(a));
}

describe('conversation', () => {
  it('shows tokens as they arrive, then the checked answer', () => {
    let c = startTurn(EMPTY_CONVERSATION, 'Why high pressure?');
    expect(c.streaming).toBe(0);
    c = applyAskEvent(c, { type: 'context', answers: 'model', passages: [passage], note: null });
    c = applyAskEvent(c, { type: 'token', text: 'Blocked ' });
    c = applyAskEvent(c, { type: 'token', text: 'outlet [1]' });
    expect(c.turns[0]!.streamed).toBe('Blocked outlet [1]');
    expect(c.turns[0]!.passages).toEqual([passage]);
    c = applyAskEvent(c, done('Blocked outlet [1].'));
    expect(c.streaming).toBeNull();
    expect(c.turns[0]!.done?.answer).toBe('Blocked outlet [1].');
  });

  it('starts the text over when the context comes again (asked again after a reconnection)', () => {
    let c = startTurn(EMPTY_CONVERSATION, 'q');
    c = applyAskEvent(c, { type: 'context', answers: 'model', passages: [], note: null });
    c = applyAskEvent(c, { type: 'token', text: 'half an ans' });
    c = applyAskEvent(c, { type: 'context', answers: 'retrieval', passages: [], note: 'Ollama is unreachable' });
    expect(c.turns[0]!.streamed).toBe('');
    expect(c.turns[0]!.note).toBe('Ollama is unreachable');
  });

  it('sends finished turns as history, leaving out cancelled and failed ones', () => {
    let c = answered(EMPTY_CONVERSATION, 'first?', 'one [1]');
    c = cancelTurn(applyAskEvent(startTurn(c, 'cancelled?'), { type: 'token', text: 'x' }));
    c = applyAskEvent(startTurn(c, 'failed?'), { type: 'failed', code: 'UNAVAILABLE', message: 'down' });
    c = endTurn(startTurn(c, 'dropped?'), null);
    expect(c.turns.map((t) => [t.cancelled, t.failed?.code ?? null])).toEqual([
      [false, null],
      [true, null],
      [false, 'UNAVAILABLE'],
      [false, 'UNAVAILABLE'],
    ]);
    expect(historyOf(c)).toEqual([
      { role: 'user', content: 'first?' },
      { role: 'assistant', content: 'one [1]' },
    ]);
  });

  it('keeps the history within the contract: the last 20 entries, 8,000 characters each', () => {
    let c = EMPTY_CONVERSATION;
    for (let i = 0; i < 12; i++) c = answered(c, `q${i}`, 'x'.repeat(9000));
    const h = historyOf(c);
    expect(h).toHaveLength(20);
    expect(h[0]).toEqual({ role: 'user', content: 'q2' });
    expect(h.every((t) => t.content.length <= 8000)).toBe(true);
  });

  it('ignores events that arrive after a cancel', () => {
    const c = cancelTurn(startTurn(EMPTY_CONVERSATION, 'q'));
    expect(applyAskEvent(c, { type: 'token', text: 'late' }).turns[0]!.streamed).toBe('');
  });
});
