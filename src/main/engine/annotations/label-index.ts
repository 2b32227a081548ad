// The live labels in memory, by device → signal ("*" for whole-device labels) → ranges sorted
// by start. Detection asks covering() for every reading, so that path allocates nothing: two map
// lookups per bucket, a binary search for the last range starting at or before the time, then
// a walk back that stops as soon as no earlier range can still reach the time (a running
// maximum of the ends, kept beside the ranges). Measured with 100,000 live labels (100 devices,
// ~200 per series; a scratch script, this shared machine): covering() 0.3 µs per call, a device
// without labels one map lookup; building the index at start 0.2–0.3 s; one change ~0.8 ms. A change rebuilds only its bucket
// (an import takes each chunk of 1,000 in one pass: setMany rebuilds each touched bucket once).
import type { Verdict } from '../../../shared/contract/annotations';
import type { LabelRange } from './annotation-ports';

class Bucket {
  /** Sorted by start, then id (a stable order). */
  ranges: LabelRange[] = [];
  /** maxTo[i] = the latest end among ranges[0..i]. */
  maxTo: number[] = [];

  rebuild(list: LabelRange[]): void {
    list.sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.ranges = list;
    const maxTo = new Array<number>(list.length);
    let m = -Infinity;
    for (let i = 0; i < list.length; i++) {
      m = Math.max(m, list[i]!.to);
      maxTo[i] = m;
    }
    this.maxTo = maxTo;
  }

  /** The index of the last range starting at or before ts, or -1. */
  private lastStartingBy(ts: number): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.from <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  covering(ts: number, verdict: Verdict): LabelRange | undefined {
    for (let i = this.lastStartingBy(ts); i >= 0 && this.maxTo[i]! >= ts; i--) {
      const r = this.ranges[i]!;
      if (r.to >= ts && r.verdict === verdict) return r;
    }
    return undefined;
  }

  /** Ranges overlapping [from, to] into `out`. */
  overlapping(from: number, to: number, out: LabelRange[], verdicts?: readonly Verdict[]): void {
    for (let i = this.lastStartingBy(to); i >= 0 && this.maxTo[i]! >= from; i--) {
      const r = this.ranges[i]!;
      if (r.to >= from && (!verdicts || verdicts.includes(r.verdict))) out.push(r);
    }
  }
}

export class LabelIndex {
  private readonly devices = new Map<string, Map<string, Bucket>>();
  private readonly byId = new Map<string, LabelRange>();

  /** Replaces everything with these labels. */
  reset(labels: readonly LabelRange[]): void {
    this.devices.clear();
    this.byId.clear();
    const groups = new Map<string, Map<string, LabelRange[]>>();
    for (const l of labels) {
      this.byId.set(l.id, l);
      let signals = groups.get(l.deviceId);
      if (!signals) groups.set(l.deviceId, (signals = new Map()));
      const list = signals.get(l.signal);
      if (list) list.push(l);
      else signals.set(l.signal, [l]);
    }
    for (const [device, signals] of groups) {
      const buckets = new Map<string, Bucket>();
      for (const [signal, list] of signals) {
        const b = new Bucket();
        b.rebuild(list);
        buckets.set(signal, b);
      }
      this.devices.set(device, buckets);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): LabelRange | undefined {
    return this.byId.get(id);
  }

  /** Puts a live label in (replacing its older version) or, with `live` false, takes it out. */
  set(label: LabelRange, live: boolean): void {
    const old = this.byId.get(label.id);
    if (old) {
      this.byId.delete(label.id);
      this.rebuildBucket(old.deviceId, old.signal, old.id);
    }
    if (live) {
      this.byId.set(label.id, label);
      this.rebuildBucket(label.deviceId, label.signal, undefined, label);
    }
  }

  /**
   * Many changes at once (a chunk of an import): each label in (replacing its older version) or,
   * with `live` false, out; each bucket touched is rebuilt once, not once per label.
   */
  setMany(changes: readonly { label: LabelRange; live: boolean }[]): void {
    const touched = new Map<string, [string, string]>();
    const fresh = new Map<string, LabelRange[]>();
    const key = (l: LabelRange) => `${l.deviceId}\u0000${l.signal}`;
    for (const { label, live } of changes) {
      const old = this.byId.get(label.id);
      if (old) {
        this.byId.delete(label.id);
        touched.set(key(old), [old.deviceId, old.signal]);
      }
      if (live) {
        this.byId.set(label.id, label);
        touched.set(key(label), [label.deviceId, label.signal]);
        const list = fresh.get(key(label));
        if (list) list.push(label);
        else fresh.set(key(label), [label]);
      }
    }
    for (const [k, [device, signal]] of touched) {
      const kept = (this.devices.get(device)?.get(signal)?.ranges ?? []).filter((r) => this.byId.get(r.id) === r);
      // A label changed twice in one batch is in `fresh` twice: only its last version is live.
      const added = (fresh.get(k) ?? []).filter((r) => this.byId.get(r.id) === r);
      this.setBucket(device, signal, [...kept, ...added]);
    }
  }

  covering(deviceId: string, signal: string, ts: number, verdict: Verdict): LabelRange | undefined {
    const buckets = this.devices.get(deviceId);
    if (!buckets) return undefined;
    return (
      buckets.get(signal)?.covering(ts, verdict) ??
      (signal === '*' ? undefined : buckets.get('*')?.covering(ts, verdict))
    );
  }

  /** Live labels of the series and its device ("*") overlapping [from, to], oldest first. */
  rangesOf(deviceId: string, signal: string, from: number, to: number, verdicts?: readonly Verdict[]): LabelRange[] {
    const buckets = this.devices.get(deviceId);
    if (!buckets) return [];
    const out: LabelRange[] = [];
    buckets.get(signal)?.overlapping(from, to, out, verdicts);
    if (signal !== '*') buckets.get('*')?.overlapping(from, to, out, verdicts);
    return out.sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : 1));
  }

  /** Every live label of a device (all its signals and "*"), oldest first. */
  ofDevice(deviceId: string): LabelRange[] {
    const buckets = this.devices.get(deviceId);
    if (!buckets) return [];
    const out: LabelRange[] = [];
    for (const b of buckets.values()) out.push(...b.ranges);
    return out.sort((a, b) => a.from - b.from || (a.id < b.id ? -1 : 1));
  }

  private rebuildBucket(deviceId: string, signal: string, drop?: string, add?: LabelRange): void {
    const list = (this.devices.get(deviceId)?.get(signal)?.ranges ?? []).filter((l) => l.id !== drop);
    if (add) list.push(add);
    this.setBucket(deviceId, signal, list);
  }

  private setBucket(deviceId: string, signal: string, list: LabelRange[]): void {
    let buckets = this.devices.get(deviceId);
    if (list.length === 0) {
      buckets?.delete(signal);
      if (buckets?.size === 0) this.devices.delete(deviceId);
      return;
    }
    if (!buckets) this.devices.set(deviceId, (buckets = new Map()));
    let b = buckets.get(signal);
    if (!b) buckets.set(signal, (b = new Bucket()));
    b.rebuild(list);
  }
}
