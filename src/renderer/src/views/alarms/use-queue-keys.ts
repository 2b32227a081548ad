// The queue's keyboard: ↑/↓ move the selection, A acknowledges (with a comment), S shelves,
// Enter opens the device's trend at the alarm's time, J opens the journal, E opens the alarm's
// assistant (its report, and questions about it) with the focus in it, X or Space marks the row
// for bulk acknowledgement. Ignored while typing in a field.
import { useLayoutEffect, useRef } from 'react';
import type { Alarm } from '../../../../shared/domain';
import { isUnacknowledged } from '../../store/alarm-queue';
import type { RowForm } from '../AlarmRow';

export interface QueueKeyActions {
  select(id: number): void;
  form(id: number, form: RowForm): void;
  open(alarm: Alarm): void;
  details(id: number): void;
  assistant(id: number): void;
  check(id: number): void;
}

const KEYLESS_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset'];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useQueueKeys(rows: readonly Alarm[], selectedId: number | null, actions: QueueKeyActions): void {
  // Read through a ref so the listener is attached once, yet always sees the current rows. Layout
  // effects: a key pressed the moment a row is on screen already sees that row (a passive
  // effect would update the ref only after the browser painted it).
  const state = useRef({ rows, selectedId, actions });
  useLayoutEffect(() => {
    state.current = { rows, selectedId, actions };
  });

  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented || isTyping(event.target)) return;
      const { rows, selectedId, actions } = state.current;
      if (rows.length === 0) return;
      const index = rows.findIndex((a) => a.id === selectedId);
      const current = index >= 0 ? rows[index] : undefined;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      let handled = true;
      if (key === 'ArrowDown') actions.select(rows[Math.min(index + 1, rows.length - 1)]!.id);
      else if (key === 'ArrowUp') actions.select(rows[Math.max(index - 1, 0)]!.id);
      else if (!current) handled = false;
      else if (key === 'a' && isUnacknowledged(current)) actions.form(current.id, 'ack');
      else if (key === 's' && current.state !== 'shelved' && current.state !== 'out_of_service')
        actions.form(current.id, 'shelve');
      else if (key === 'Enter') actions.open(current);
      else if (key === 'j') actions.details(current.id);
      else if (key === 'e') actions.assistant(current.id);
      else if (key === 'x' || key === ' ') actions.check(current.id);
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
