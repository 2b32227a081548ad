// Locks the screen after a while without input (status.session.idleLockMs: engineer and admin).
// Input only moves a deadline (no timer per mouse move): one timer runs, and when it fires
// early — input came meanwhile — it waits again for what is left. Clock and timers are
// injected so the rule is tested without waiting.
export interface IdleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: IdleClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class IdleTimer {
  private lastInput: number;
  private handle: unknown = null;
  private fired = false;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
    private readonly clock: IdleClock = REAL_CLOCK,
  ) {
    this.lastInput = clock.now();
    this.arm(idleMs);
  }

  /** Input: the idle time starts again (after it fired, it stays fired until `stop`). */
  touch(): void {
    this.lastInput = this.clock.now();
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
    this.fired = true;
  }

  private arm(ms: number): void {
    this.handle = this.clock.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.handle = null;
    if (this.fired) return;
    const left = this.lastInput + this.idleMs - this.clock.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    this.fired = true;
    this.onIdle();
  }
}

/** What counts as someone at the keyboard. */
export const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Runs an IdleTimer on this window's input; returns its stop. */
export function watchIdle(target: Window, idleMs: number, onIdle: () => void): () => void {
  const timer = new IdleTimer(idleMs, onIdle);
  const touch = () => timer.touch();
  for (const name of INPUT_EVENTS) target.addEventListener(name, touch, { capture: true, passive: true });
  return () => {
    timer.stop();
    for (const name of INPUT_EVENTS) target.removeEventListener(name, touch, { capture: true });
  };
}
