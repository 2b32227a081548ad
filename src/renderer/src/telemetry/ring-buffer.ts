// Fixed-capacity, time-ordered store of one series' recent points, kept in typed arrays so
// live data costs no allocation per reading and never touches React state. The oldest point
// is overwritten once the buffer is full.

export interface SeriesWindow {
  ts: Float64Array;
  value: Float64Array;
}

export class RingBuffer {
  readonly capacity: number;
  private readonly tsArr: Float64Array;
  private readonly valueArr: Float64Array;
  /** Index of the oldest point. */
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.tsArr = new Float64Array(capacity);
    this.valueArr = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Timestamp of the newest point, or undefined when empty. */
  get lastTs(): number | undefined {
    return this.count === 0 ? undefined : this.tsArr[this.physical(this.count - 1)];
  }

  get lastValue(): number | undefined {
    return this.count === 0 ? undefined : this.valueArr[this.physical(this.count - 1)];
  }

  /**
   * Appends a point. Points not newer than the newest one are dropped: live readings are
   * coalesced upstream, so an older one is a duplicate (snapshot after history) or late data
   * that belongs to history, not to a live trend. Returns whether the point was kept.
   */
  push(ts: number, value: number): boolean {
    const last = this.lastTs;
    if (last !== undefined && ts <= last) return false;
    if (this.count < this.capacity) {
      const i = this.physical(this.count);
      this.tsArr[i] = ts;
      this.valueArr[i] = value;
      this.count++;
    } else {
      this.tsArr[this.head] = ts;
      this.valueArr[this.head] = value;
      this.head = (this.head + 1) % this.capacity;
    }
    return true;
  }

  /**
   * Merges points that may overlap or precede what is already held (history arriving after
   * the first live readings, or after a reconnect). Keeps time order, drops duplicate
   * timestamps (held points win) and, when over capacity, the oldest points.
   */
  merge(ts: ArrayLike<number>, value: ArrayLike<number>): void {
    const n = Math.min(ts.length, value.length);
    if (n === 0) return;
    const held = this.toArrays();
    const mergedTs: number[] = [];
    const mergedValue: number[] = [];
    let a = 0;
    let b = 0;
    const take = (t: number, v: number) => {
      const prev = mergedTs[mergedTs.length - 1];
      if (prev !== undefined && t <= prev) return;
      mergedTs.push(t);
      mergedValue.push(v);
    };
    while (a < held.ts.length || b < n) {
      const ta = a < held.ts.length ? held.ts[a]! : Infinity;
      const tb = b < n ? ts[b]! : Infinity;
      if (ta <= tb) {
        take(ta, held.value[a]!);
        if (ta === tb) b++;
        a++;
      } else {
        take(tb, value[b]!);
        b++;
      }
    }
    const start = Math.max(0, mergedTs.length - this.capacity);
    this.head = 0;
    this.count = 0;
    for (let i = start; i < mergedTs.length; i++) this.push(mergedTs[i]!, mergedValue[i]!);
  }

  /** Copies every point held, oldest first. */
  toArrays(): SeriesWindow {
    return this.since(-Infinity);
  }

  /** Copies the points with ts >= from, oldest first (e.g. the last five minutes for a trend). */
  since(from: number): SeriesWindow {
    const first = this.firstIndexAtOrAfter(from);
    const n = this.count - first;
    const ts = new Float64Array(n);
    const value = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = this.physical(first + k);
      ts[k] = this.tsArr[i]!;
      value[k] = this.valueArr[i]!;
    }
    return { ts, value };
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Logical index (0 = oldest) of the first point with ts >= from; binary search, points are ordered. */
  private firstIndexAtOrAfter(from: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsArr[this.physical(mid)]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private physical(logical: number): number {
    return (this.head + logical) % this.capacity;
  }
}
