// Live fan-out. Readings are coalesced per series: each subscriber gets at most
// `maxUpdatesPerSecond` updates per series, carrying the newest value, so a fast series
// cannot flood a screen. Also keeps the newest reading of every series for first paint.
import type { Reading } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';

interface Subscriber {
  devices: ReadonlySet<string> | undefined;
  send: (readings: Reading[]) => void;
}

export class LiveHub {
  private readonly latest = new Map<string, Reading>();
  private pending = new Map<string, Reading>();
  private readonly subscribers = new Set<Subscriber>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly intervalMs: number;

  constructor(maxUpdatesPerSecond: number) {
    this.intervalMs = Math.max(1, Math.round(1000 / maxUpdatesPerSecond));
  }

  /** Seeds the newest values (from history) without notifying anyone. */
  seed(readings: readonly Reading[]): void {
    for (const r of readings) this.keepLatest(r);
  }

  snapshot(): Reading[] {
    return [...this.latest.values()];
  }

  publish(readings: readonly Reading[]): void {
    for (const r of readings) {
      if (!this.keepLatest(r)) continue;
      if (this.subscribers.size > 0) this.pending.set(seriesKey(r.deviceId, r.signal), r);
    }
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => this.tick(), this.intervalMs);
    }
  }

  subscribe(devices: readonly string[] | undefined, send: (readings: Reading[]) => void): () => void {
    const sub: Subscriber = { devices: devices ? new Set(devices) : undefined, send };
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  /** Returns false for a reading older than the one already kept (late data is history, not live). */
  private keepLatest(r: Reading): boolean {
    const key = seriesKey(r.deviceId, r.signal);
    const prev = this.latest.get(key);
    if (prev && prev.ts > r.ts) return false;
    this.latest.set(key, r);
    return true;
  }

  private tick(): void {
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (const sub of this.subscribers) {
      const mine = sub.devices ? batch.filter((r) => sub.devices!.has(r.deviceId)) : batch;
      if (mine.length > 0) sub.send(mine);
    }
  }
}
