// The review queue's keyboard: 1–6 give the selected row its verdict (VERDICT_KEYS), j/k or ↓/↑
// move, Enter opens the chart at the row, u takes back the last label. Ignored while typing in a
// field (the note), and with Ctrl/Alt/Meta held.
//
// The digits are also the header's view keys (use-navigation.ts, a window listener). While the
// queue is on screen its verdicts win: this listener runs in the capture phase of the window,
// before any bubbling listener, and stops the key there. So the queue needs no change to the
// navigation hook, and every other view keeps 1–9 for moving between views.
import { useLayoutEffect, useRef } from 'react';
import { VERDICT_KEYS, type Verdict } from '../../../../shared/contract/annotations';

export interface ReviewKeyActions {
  verdict(verdict: Verdict): void;
  move(step: number): void;
  open(): void;
  undo(): void;
}

const KEYLESS_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset'];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

const REPEATABLE = new Set(['j', 'k', 'arrowdown', 'arrowup']);

const VERDICT_BY_KEY = new Map(Object.entries(VERDICT_KEYS).map(([verdict, key]) => [key, verdict as Verdict]));

/** What a key does in the queue, or null when the queue leaves it alone. */
export function reviewKeyAction(key: string): ((a: ReviewKeyActions) => void) | null {
  const verdict = VERDICT_BY_KEY.get(key);
  if (verdict) return (a) => a.verdict(verdict);
  switch (key.length === 1 ? key.toLowerCase() : key) {
    case 'j':
    case 'ArrowDown':
      return (a) => a.move(1);
    case 'k':
    case 'ArrowUp':
      return (a) => a.move(-1);
    case 'Enter':
      return (a) => a.open();
    case 'u':
      return (a) => a.undo();
    default:
      return null;
  }
}

export function useReviewKeys(enabled: boolean, actions: ReviewKeyActions): void {
  // Read through a ref: the listener is attached once yet always calls the current actions.
  const current = useRef(actions);
  useLayoutEffect(() => {
    current.current = actions;
  });

  useLayoutEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented || isTyping(event.target)) return;
      // A modal over the queue (the keyboard help, app/KeyboardHelp.tsx) keeps its keys: a digit
      // typed there gives no verdict.
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      // A button or a link with the focus keeps its own Enter.
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('button, a')) return;
      const action = reviewKeyAction(event.key);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      // A held key moves through the rows; it never gives a verdict (or undoes) twice.
      if (!event.repeat || REPEATABLE.has(event.key.toLowerCase())) action(current.current);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [enabled]);
}
