// The cycle every Settings form goes through when it asks the engine for a change: busy while
// the request runs (one change at a time), then one status line saying what happened, and —
// when the engine refused the parameters (BAD_REQUEST) — its reasons by field, for the form
// to mark. Rules and Models use it; a form keeps its own drafts and decides the words.
import { useCallback, useState } from 'react';
import { fieldErrorsOf, type FieldErrors } from '../../../../shared/bad-request';

export interface SaveStatus {
  ok: boolean;
  text: string;
}

export interface SaveWords<T> {
  /** The status line once it worked; without it, success leaves no line. */
  done?: (value: T) => string;
  /** The status line once it failed, from the error's message; the message itself without it. */
  failed?: (message: string) => string;
  /** Receives the refused fields: {} when it worked or failed for another reason. */
  fieldErrors?: (errors: FieldErrors) => void;
  /** The field an issue without a path is shown at (default '(root)'). */
  root?: string;
}

export interface SaveCycle {
  busy: boolean;
  status: SaveStatus | null;
  /** For what the cycle does not see: a check in the form, a failed load. */
  setStatus(status: SaveStatus | null): void;
  /** Runs one change; true when it worked. The previous status is cleared when it starts. */
  run<T>(work: () => Promise<T>, words?: SaveWords<T>): Promise<boolean>;
}

/** What to show of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function useSaveCycle(): SaveCycle {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<SaveStatus | null>(null);

  const run = useCallback(async <T>(work: () => Promise<T>, words: SaveWords<T> = {}): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    try {
      const value = await work();
      words.fieldErrors?.({});
      setStatus(words.done ? { ok: true, text: words.done(value) } : null);
      return true;
    } catch (err) {
      words.fieldErrors?.(fieldErrorsOf(err, words.root ?? '(root)'));
      const message = messageOf(err);
      setStatus({ ok: false, text: words.failed ? words.failed(message) : message });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, status, setStatus, run };
}
