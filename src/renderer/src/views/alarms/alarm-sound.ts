// The sound on new critical alarms: a short two-tone beep from WebAudio (no audio file to ship
// or load), played once per new occurrence of a critical unacknowledged alarm, and a mute the
// operator sets once per station (kept in localStorage).
import type { Alarm } from '../../../../shared/domain';

export const MUTE_KEY = 'watchfloor.alarmSound.muted';

export function readMuted(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(MUTE_KEY) === 'true';
  } catch {
    return false;
  }
}

export function writeMuted(muted: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage) {
  try {
    storage?.setItem(MUTE_KEY, String(muted));
  } catch {
    // Private mode or a full quota: the mute still holds for this session.
  }
}

/** What makes an occurrence new: the alarm and how often it has occurred. */
function occurrence(a: Alarm): string {
  return `${a.id}:${a.count}`;
}

/**
 * Remembers which critical occurrences were already heard; `next` answers whether the current
 * alarms hold a new one. The first call only learns (no beep for what was there at start-up).
 */
export class CriticalWatch {
  private heard: Set<string> | null = null;

  next(alarms: Iterable<Alarm>): boolean {
    const now = new Set<string>();
    for (const a of alarms) if (a.priority === 'critical' && a.state === 'unack_active') now.add(occurrence(a));
    const first = this.heard === null;
    const fresh = !first && [...now].some((o) => !this.heard!.has(o));
    this.heard = now;
    return fresh;
  }
}

let context: AudioContext | null = null;

export function beep(): void {
  const Ctx = globalThis.AudioContext;
  if (!Ctx) return;
  context ??= new Ctx();
  const ctx = context;
  void ctx.resume().catch(() => {});
  const start = ctx.currentTime;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    const t = start + i * 0.22;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.21);
  }
}
