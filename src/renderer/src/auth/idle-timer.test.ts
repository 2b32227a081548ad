import { describe, expect, it } from 'vitest';
import { IdleTimer, type IdleClock } from './idle-timer';

/** A clock the test moves by hand, running timers that fall due. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 1;
  const clock: IdleClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
    }
    now = until;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('IdleTimer', () => {
  it('locks after the idle time without input', () => {
    const { clock, advance } = manualClock();
    let locks = 0;
    new IdleTimer(15 * 60_000, () => locks++, clock);
    advance(15 * 60_000 - 1);
    expect(locks).toBe(0);
    advance(1);
    expect(locks).toBe(1);
  });

  it('input starts the idle time again, so a busy operator is never locked', () => {
    const { clock, advance } = manualClock();
    let locks = 0;
    const timer = new IdleTimer(60_000, () => locks++, clock);
    for (let i = 0; i < 10; i++) {
      advance(50_000);
      timer.touch();
    }
    expect(locks).toBe(0);
    advance(59_999);
    expect(locks).toBe(0);
    advance(1);
    expect(locks).toBe(1);
  });

  it('fires once, and not at all once stopped', () => {
    const { clock, advance, pending } = manualClock();
    let locks = 0;
    const once = new IdleTimer(1000, () => locks++, clock);
    advance(5000);
    once.touch();
    advance(5000);
    expect(locks).toBe(1);
    const stopped = new IdleTimer(1000, () => locks++, clock);
    stopped.stop();
    advance(5000);
    expect(locks).toBe(1);
    expect(pending()).toBe(0);
  });

  it('keeps one timer however much input comes', () => {
    const { clock, advance, pending } = manualClock();
    const timer = new IdleTimer(1000, () => {}, clock);
    for (let i = 0; i < 1000; i++) timer.touch();
    expect(pending()).toBe(1);
    advance(500);
    timer.touch();
    advance(600);
    expect(pending()).toBe(1);
  });
});
