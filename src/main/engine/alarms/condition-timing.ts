// Two clocks an alarm's condition is judged by, kept apart from the alarm service's states:
// the on/off-delay of an edge (on reading timestamps, per key) and the chattering window
// (state changes per key on the engine clock).

/** Edges waiting out their on- or off-delay, by key. */
export class EdgeDelays {
  private readonly pending = new Map<string, { active: boolean; since: number }>();

  /**
   * Whether an edge to `active` at `ts` has lasted `delayMs` (a zero delay passes at once).
   * The first reading of an edge starts its wait; a reading back on the other side cancels it.
   */
  passed(key: string, active: boolean, delayMs: number, ts: number): boolean {
    if (delayMs <= 0) {
      this.pending.delete(key);
      return true;
    }
    const p = this.pending.get(key);
    if (!p || p.active !== active) {
      this.pending.set(key, { active, since: ts });
      return false;
    }
    if (ts - p.since < delayMs) return false;
    this.pending.delete(key);
    return true;
  }

  /** The condition is back where it was: a waiting edge did not last. */
  cancel(key: string): void {
    this.pending.delete(key);
  }
}

/** Recent state changes per key, to mark an alarm chattering past `maxChanges` in `windowMs`. */
export class ChatterWindow {
  private readonly changes = new Map<string, number[]>();

  constructor(readonly limits: { maxChanges: number; windowMs: number }) {}

  /** Counts one change at `now`; returns how many fall in the window. */
  note(key: string, now: number): number {
    let times = this.changes.get(key);
    if (!times) {
      times = [];
      this.changes.set(key, times);
    }
    times.push(now);
    const cutoff = now - this.limits.windowMs;
    while (times.length > 0 && times[0]! <= cutoff) times.shift();
    return times.length;
  }
}
