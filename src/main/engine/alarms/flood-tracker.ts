// Flood detection per operator area (EEMUA 191): more than `threshold` new alarms within a
// sliding window starts a flood; it ends when the window holds fewer than `endBelow`, so one
// quiet minute in a storm does not flicker the banner. Pure bookkeeping on times it is given.
import type { FloodStatus } from '../../../shared/contract/alarms';

export interface FloodOptions {
  threshold: number;
  windowMs: number;
  endBelow: number;
}

interface AreaState {
  times: number[];
  since: number | null;
  peak: number;
}

export type FloodChange = { area: string; started: boolean; at: number; peak: number };

export class FloodTracker {
  private readonly areas = new Map<string, AreaState>();

  constructor(private readonly options: FloodOptions) {}

  private area(name: string): AreaState {
    let a = this.areas.get(name);
    if (!a) {
      a = { times: [], since: null, peak: 0 };
      this.areas.set(name, a);
    }
    return a;
  }

  /** Marks an area as in flood since `since` (restored after a restart). */
  restore(name: string, since: number, peak: number): void {
    const a = this.area(name);
    a.since = since;
    a.peak = peak;
  }

  /** Counts one new alarm; returns the change when this one started a flood. */
  note(name: string, at: number): FloodChange | undefined {
    const a = this.area(name);
    a.times.push(at);
    this.prune(a, at);
    a.peak = Math.max(a.peak, a.times.length);
    if (a.since === null && a.times.length > this.options.threshold) {
      a.since = at;
      a.peak = a.times.length;
      return { area: name, started: true, at, peak: a.peak };
    }
    return undefined;
  }

  /** Ages the windows; returns the areas whose flood ended. */
  tick(now: number): FloodChange[] {
    const ended: FloodChange[] = [];
    for (const [name, a] of this.areas) {
      this.prune(a, now);
      if (a.since !== null && a.times.length < this.options.endBelow) {
        ended.push({ area: name, started: false, at: now, peak: a.peak });
        a.since = null;
        a.peak = 0;
      }
    }
    return ended;
  }

  status(name: string, now: number): FloodStatus {
    const a = this.area(name);
    this.prune(a, now);
    return {
      area: name,
      active: a.since !== null,
      since: a.since,
      newInWindow: a.times.length,
      windowMs: this.options.windowMs,
      threshold: this.options.threshold,
    };
  }

  names(): string[] {
    return [...this.areas.keys()];
  }

  private prune(a: AreaState, now: number): void {
    const cutoff = now - this.options.windowMs;
    let drop = 0;
    while (drop < a.times.length && a.times[drop]! <= cutoff) drop++;
    if (drop > 0) a.times.splice(0, drop);
  }
}
