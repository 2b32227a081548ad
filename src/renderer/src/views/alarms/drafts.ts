// Text an operator is typing into an alarm's form (the acknowledgement comment, the shelve
// reason), kept outside the form so it survives the form being mounted again. The queue's rows
// are re-created whenever its grouping changes — a flood starts or ends, or an engine that came
// back reloads the queue without the flood it had — and with them the forms; a comment typed
// before a drop must still be there afterwards. Kept in sessionStorage as well, so a reload of
// the page keeps it too; cleared once the form is submitted or cancelled.
import { useCallback, useState } from 'react';

const PREFIX = 'watchfloor.draft.';
const memory = new Map<string, string>();

function read(key: string): string {
  try {
    return sessionStorage.getItem(PREFIX + key) ?? memory.get(key) ?? '';
  } catch {
    return memory.get(key) ?? '';
  }
}

function write(key: string, text: string): void {
  if (text) memory.set(key, text);
  else memory.delete(key);
  try {
    if (text) sessionStorage.setItem(PREFIX + key, text);
    else sessionStorage.removeItem(PREFIX + key);
  } catch {
    // storage full or denied: the in-memory copy still survives a remount
  }
}

/** A text field's value that outlives its component; `clear` once the text has been used. */
export function useDraft(key: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => read(key));
  const set = useCallback(
    (next: string) => {
      setText(next);
      write(key, next);
    },
    [key],
  );
  const clear = useCallback(() => write(key, ''), [key]);
  return [text, set, clear];
}
