// The renderer's hot path: every live reading lands here, in one ring buffer per series
// ("device/signal"), and never in React state. Views subscribe per series and are called at
// most once per animation frame, and only when that series changed, so a busy plant costs
// the UI one redraw per frame however many readings arrive.
import type { SeriesPoints } from '../../../shared/contract';
import type { Quality, Reading } from '../../../shared/domain';
import { seriesKey } from '../../../shared/domain';
import { RingBuffer } from './ring-buffer';

/** How much of each series the wall keeps and draws. */
export const LIVE_WINDOW_MS = 5 * 60_000;
/** Five minutes at the engine's coalescing ceiling of 10 updates per second. */
export const SERIES_CAPACITY = (LIVE_WINDOW_MS / 1000) * 10;

export type SeriesListener = () => void;

/** Runs a callback before the next paint; injectable so the store runs in tests without a DOM. */
export type FrameScheduler = (callback: () => void) => void;

interface SeriesEntry {
  readonly buffer: RingBuffer;
  quality: Quality;
  /** Bumped on every change; lets a reader skip work when nothing moved. */
  version: number;
  readonly listeners: Set<SeriesListener>;
}

const defaultScheduler: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

export class TelemetryStore {
  private readonly series = new Map<string, SeriesEntry>();
  private readonly dirty = new Set<SeriesEntry>();
  private frameRequested = false;

  constructor(
    private readonly schedule: FrameScheduler = defaultScheduler,
    private readonly capacity = SERIES_CAPACITY,
  ) {}

  /** Appends live readings (already coalesced by the engine). */
  append(readings: readonly Reading[]): void {
    for (const r of readings) {
      const entry = this.entry(seriesKey(r.deviceId, r.signal));
      if (!entry.buffer.push(r.ts, r.value)) continue;
      entry.quality = r.quality;
      this.markDirty(entry);
    }
  }

  /** Merges history (seed at boot and after a reconnect) into the live buffers. */
  seed(points: readonly SeriesPoints[]): void {
    for (const p of points) {
      if (p.ts.length === 0) continue;
      const entry = this.entry(p.series);
      entry.buffer.merge(p.ts, p.value);
      this.markDirty(entry);
    }
  }

  buffer(key: string): RingBuffer | undefined {
    return this.series.get(key)?.buffer;
  }

  lastTs(key: string): number | undefined {
    return this.series.get(key)?.buffer.lastTs;
  }

  latest(key: string): { ts: number; value: number; quality: Quality } | undefined {
    const entry = this.series.get(key);
    const ts = entry?.buffer.lastTs;
    const value = entry?.buffer.lastValue;
    if (!entry || ts === undefined || value === undefined) return undefined;
    return { ts, value, quality: entry.quality };
  }

  version(key: string): number {
    return this.series.get(key)?.version ?? 0;
  }

  has(key: string): boolean {
    return this.series.has(key);
  }

  /** Calls `listener` on the next frame after `key` changes. Subscribing before data arrives is fine. */
  subscribe(key: string, listener: SeriesListener): () => void {
    const entry = this.entry(key);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
    };
  }

  private entry(key: string): SeriesEntry {
    let entry = this.series.get(key);
    if (!entry) {
      entry = { buffer: new RingBuffer(this.capacity), quality: 'good', version: 0, listeners: new Set() };
      this.series.set(key, entry);
    }
    return entry;
  }

  private markDirty(entry: SeriesEntry): void {
    entry.version++;
    if (entry.listeners.size === 0) return;
    this.dirty.add(entry);
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.frameRequested = false;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const entry of batch) {
      for (const listener of entry.listeners) listener();
    }
  }
}
