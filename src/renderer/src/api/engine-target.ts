// The page's side of window.watchfloor.engine (src/shared/preload-api.ts): each answer from the
// shell is checked against its schema (the preload passes answers through untouched, to keep zod
// out of its bundle), and a missing bridge — a browser, an older preload — is an answer too.
import { ENGINE_ANSWERS, type EngineAnswer } from '../../../shared/engine-target';
import type { WatchfloorEngineApi } from '../../../shared/preload-api';

type Calls = Omit<WatchfloorEngineApi, 'onSignedOut'>;

/** The desktop's engine bridge, or undefined in a browser. */
export function engineBridge(): WatchfloorEngineApi | undefined {
  return typeof window === 'undefined' ? undefined : window.watchfloor?.engine;
}

export async function engineCall<K extends keyof Calls>(
  name: K,
  ...args: Parameters<Calls[K]>
): Promise<Awaited<ReturnType<Calls[K]>>> {
  const bridge = engineBridge();
  if (!bridge) {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'only the desktop app chooses its engine' } } as never;
  }
  const raw: unknown = await (bridge[name] as (...a: unknown[]) => Promise<unknown>)(...args);
  const checked = ENGINE_ANSWERS[name].safeParse(raw);
  if (checked.success) return checked.data as never;
  const answer: EngineAnswer<never> = {
    ok: false,
    error: { code: 'INTERNAL', message: 'the desktop shell answered something unexpected' },
  };
  return answer as never;
}
