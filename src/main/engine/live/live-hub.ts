// Live fan-out. Each series reaches a subscriber at most `maxUpdatesPerSecond` times a second:
// the first reading after a quiet interval goes out at once (on the next turn of the event
// loop, batched with whatever else arrived), later ones within the interval are coalesced and
// the newest is sent when the interval ends. A fast series cannot flood a screen, and a slow
// one is shown without delay. Also keeps the newest reading of every series for first paint.
import type { Reading } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';

interface Subscriber {
  devices: ReadonlySet<string> | undefined;
  send: (readings: Reading[]) => void;
}

export class LiveHub {
  private readonly latest = new Map<string, Reading>();
  /** When each series was last sent. */
  private readonly sentAt = new Map<string, number>();
  private ready = new Map<string, Reading>();
  private held = new Map<string, Reading>();
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
    for (const r of readings) this.keepLatest(seriesKey(r.deviceId, r.signal), r);
  }

  snapshot(): Reading[] {
    return [...this.latest.values()];
  }

  publish(readings: readonly Reading[]): void {
    if (this.subscribers.size === 0) {
      for (const r of readings) this.keepLatest(seriesKey(r.deviceId, r.signal), r);
      return;
    }
    const now = this.now();
    for (const r of readings) {
      const key = seriesKey(r.deviceId, r.signal);
      if (!this.keepLatest(key, r)) continue;
      const last = this.sentAt.get(key);
      if (this.ready.has(key) || last === undefined || now - last >= this.intervalMs) {
        this.ready.set(key, r);
        this.sentAt.set(key, now);
      } else {
        this.held.set(key, r);
      }
    }
    if (this.ready.size > 0 && !this.immediate) this.immediate = setImmediate(() => this.sendReady());
    if (this.held.size > 0 && !this.timer) this.timer = setTimeout(() => this.releaseHeld(), this.intervalMs);
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

  /** Returns false for a reading older than the one already kept (late data is history, not live). */
  private keepLatest(key: string, r: Reading): boolean {
    const prev = this.latest.get(key);
    if (prev && prev.ts > r.ts) return false;
    this.latest.set(key, r);
    return true;
  }

  private sendReady(): void {
    this.immediate = undefined;
    const batch = [...this.ready.values()];
    this.ready = new Map();
    this.fanOut(batch);
  }

  private releaseHeld(): void {
    this.timer = undefined;
    const now = this.now();
    const due: Reading[] = [];
    for (const [key, r] of this.held) {
      if (now - (this.sentAt.get(key) ?? 0) < this.intervalMs) continue;
      due.push(r);
      this.held.delete(key);
      this.sentAt.set(key, now);
    }
    this.fanOut(due);
    if (this.held.size > 0) this.timer = setTimeout(() => this.releaseHeld(), this.intervalMs);
  }

  private fanOut(batch: Reading[]): void {
    if (batch.length === 0) return;
    for (const sub of this.subscribers) {
      const mine = sub.devices ? batch.filter((r) => sub.devices!.has(r.deviceId)) : batch;
      if (mine.length > 0) sub.send(mine);
    }
  }
}
