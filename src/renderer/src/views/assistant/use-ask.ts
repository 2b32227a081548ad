// Questions to the assistant from one panel: each is an `assistant.ask` subscription whose
// events fold into the conversation (conversation.ts). Cancelling unsubscribes, which the
// engine turns into an abort of the generation; the turn says "Cancelled" at once without
// waiting for the engine. Leaving the panel cancels what is still streaming.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../app/engine-context';
import {
  applyAskEvent,
  cancelTurn,
  EMPTY_CONVERSATION,
  endTurn,
  historyOf,
  startTurn,
  type Conversation,
} from './conversation';

export interface AskContext {
  alarmId?: number;
  deviceId?: string;
}

export interface Asking {
  conversation: Conversation;
  streaming: boolean;
  ask(question: string): void;
  cancel(): void;
  /** Forgets the conversation (cancelling an answer on its way). */
  reset(): void;
}

export function useAsk(context: AskContext): Asking {
  const client = useClient();
  const [conversation, setConversation] = useState<Conversation>(EMPTY_CONVERSATION);
  const conversationRef = useRef(conversation);
  useEffect(() => {
    conversationRef.current = conversation;
  });
  const off = useRef<(() => void) | null>(null);
  const { alarmId, deviceId } = context;

  const stop = useCallback(() => {
    const unsubscribe = off.current;
    off.current = null;
    unsubscribe?.();
  }, []);

  const cancel = useCallback(() => {
    if (!off.current) return;
    stop();
    setConversation((c) => cancelTurn(c));
  }, [stop]);

  const ask = useCallback(
    (question: string) => {
      const q = question.trim();
      if (!q) return;
      if (off.current) {
        stop();
        setConversation((c) => cancelTurn(c));
      }
      const history = historyOf(conversationRef.current);
      setConversation((c) => startTurn(cancelTurn(c), q));
      const params = {
        question: q,
        history,
        ...(alarmId !== undefined ? { alarmId } : {}),
        ...(deviceId !== undefined ? { deviceId } : {}),
      };
      let mine: (() => void) | null = null;
      const isMine = () => off.current !== null && off.current === mine;
      mine = client.subscribe(
        'assistant.ask',
        params,
        (event) => {
          if (!isMine()) return;
          setConversation((c) => applyAskEvent(c, event));
          if (event.type === 'done' || event.type === 'failed') stop();
        },
        (err) => {
          if (!isMine()) return;
          off.current = null;
          setConversation((c) => endTurn(c, err ? { code: err.code, message: err.message } : null));
        },
      );
      off.current = mine;
    },
    [client, alarmId, deviceId, stop],
  );

  const reset = useCallback(() => {
    stop();
    setConversation(EMPTY_CONVERSATION);
  }, [stop]);

  useEffect(() => stop, [stop]);

  return { conversation, streaming: conversation.streaming !== null, ask, cancel, reset };
}
