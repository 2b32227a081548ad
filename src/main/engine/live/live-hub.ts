// Live fan-out. Each series reaches a subscriber at most `maxUpdatesPerSecond` times a second:
// the first reading after a quiet interval goes out at once (on the next turn of the event
// loop, batched with whatever else arrived), later ones within the interval are coalesced and
// the newest is sent when the interval ends. A fast series cannot flood a screen, and a slow
// one is shown without delay. Also keeps the newest reading of every series for first paint.
import type { Reading } from '../../../shared/domain';

interface Subscriber {
  devices: ReadonlySet<string> | undefined;
  send: (readings: Reading[]) => void;
}

const IDLE = 0;
const READY = 1;
const HELD = 2;

/** What the hub knows of one series: found by device, then signal (no key string per reading). */
interface Slot {
  latest: Reading;
  /** When it was last sent; -Infinity before the first time. */
  sentAt: number;
  /** IDLE, or queued in `ready` (goes out on the next turn) or `held` (when its interval ends). */
  state: number;
}

export class LiveHub {
  private readonly slots = new Map<string, Map<string, Slot>>();
  private ready: Slot[] = [];
  private held: Slot[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly intervalMs: number;

  constructor(
    maxUpdatesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = Math.max(1, Math.round(1000 / maxUpdatesPerSecond));
  }

  /** Seeds the newest values (from history) without notifying anyone. */
  seed(readings: readonly Reading[]): void {
    for (const r of readings) this.keepLatest(r);
  }

  /** The time of the newest reading of one series, without building a snapshot. */
  latestTs(deviceId: string, signal: string): number | undefined {
    return this.slots.get(deviceId)?.get(signal)?.latest.ts;
  }

  snapshot(): Reading[] {
    const out: Reading[] = [];
    for (const signals of this.slots.values()) for (const slot of signals.values()) out.push(slot.latest);
    return out;
  }

  publish(readings: readonly Reading[]): void {
    if (this.subscribers.size === 0) {
      for (const r of readings) this.keepLatest(r);
      return;
    }
    const now = this.now();
    for (const r of readings) {
      const slot = this.keepLatest(r);
      if (!slot) continue;
      if (slot.state === READY || slot.state === HELD) continue; // queued: goes out with its newest value
      if (now - slot.sentAt >= this.intervalMs) {
        slot.state = READY;
        slot.sentAt = now;
        this.ready.push(slot);
      } else {
        slot.state = HELD;
        this.held.push(slot);
      }
    }
    if (this.ready.length > 0 && !this.immediate) this.immediate = setImmediate(() => this.sendReady());
    if (this.held.length > 0 && !this.timer) this.timer = setTimeout(() => this.releaseHeld(), this.intervalMs);
  }

  subscribe(devices: readonly string[] | undefined, send: (readings: Reading[]) => void): () => void {
    const sub: Subscriber = { devices: devices ? new Set(devices) : undefined, send };
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  stop(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    this.subscribers.clear();
  }

  /** The series' slot, or undefined for a reading older than the one kept (late data is history, not live). */
  private keepLatest(r: Reading): Slot | undefined {
    let signals = this.slots.get(r.deviceId);
    if (!signals) {
      signals = new Map();
      this.slots.set(r.deviceId, signals);
    }
    const slot = signals.get(r.signal);
    if (!slot) {
      const fresh: Slot = { latest: r, sentAt: -Infinity, state: IDLE };
      signals.set(r.signal, fresh);
      return fresh;
    }
    if (slot.latest.ts > r.ts) return undefined;
    slot.latest = r;
    return slot;
  }

  private sendReady(): void {
    this.immediate = undefined;
    const slots = this.ready;
    this.ready = [];
    const batch = new Array<Reading>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      slot.state = IDLE;
      batch[i] = slot.latest;
    }
    this.fanOut(batch);
  }

  private releaseHeld(): void {
    this.timer = undefined;
    const now = this.now();
    const due: Reading[] = [];
    const waiting: Slot[] = [];
    for (const slot of this.held) {
      if (now - slot.sentAt < this.intervalMs) {
        waiting.push(slot);
        continue;
      }
      due.push(slot.latest);
      slot.state = IDLE;
      slot.sentAt = now;
    }
    this.held = waiting;
    this.fanOut(due);
    if (this.held.length > 0) this.timer = setTimeout(() => this.releaseHeld(), this.intervalMs);
  }

  private fanOut(batch: Reading[]): void {
    if (batch.length === 0) return;
    for (const sub of this.subscribers) {
      const mine = sub.devices ? batch.filter((r) => sub.devices!.has(r.deviceId)) : batch;
      if (mine.length > 0) sub.send(mine);
    }
  }
}
