// A cloud-monitor source: polls a cloud's metric API (cloud-client.ts picks the preset's client)
// every interval for a window reaching back lookbackMs, so each poll overlaps the last and a
// point published late is still picked up. Points already delivered are not submitted again:
// the source remembers, per series, the timestamps it delivered inside the window; after a
// restart it has forgotten them, and history's own deduplication on (series, ts) keeps the
// overlap from being stored twice. A point is remembered only once the pipeline has made it
// durable, so a failed submission is asked for again on the next poll. Throttling (429/503)
// waits as long as Retry-After says, else backs off exponentially, as do other failures;
// refused credentials are retried no faster than the interval.
import type { SourceHealth } from '../../../../shared/domain';
import type { CloudSourceConfig } from '../../../../shared/sources/cloud-schema';
import { decodeJsonPayload, type DecodedReading, type DecodeResult } from '../decode-json';
import type { IngestSource } from '../ingest-source';
import type { Pipeline } from '../pipeline';
import { RateMeter } from '../../rate-meter';
import { formatTime, timeRefusal } from '../reading-time';
import { CloudRequestError } from './cloud-http';
import type { CloudPoint, MetricClient } from './metric-client';

/**
 * Health as the Sources view shows it: messages are points delivered, the last message is the
 * last answered poll, the error the last failure (or what came back incomplete). The fields
 * below ride along in the engine's own health; the contract's SourceHealth carries the first ones.
 */
export type CloudSourceHealth = SourceHealth & {
  preset: CloudSourceConfig['preset'];
  /** When the last poll ended (well or not); null before the first. */
  lastPollAt: number | null;
  /** Points delivered since start (duplicates of earlier polls not counted). */
  points: number;
  polls: number;
  /** When the next poll starts: later than the interval while backing off. */
  nextPollAt: number | null;
  /** Consecutive failed polls. */
  failures: number;
};

export interface CloudSourceDeps {
  log: (message: string) => void;
  clock: () => number;
  /** The preset's client; the signal aborts its requests when the source stops. */
  client: (signal: AbortSignal) => MetricClient;
  /** First wait after a failure (doubled per failure); tests shorten it. */
  backoffBaseMs?: number;
}

const BACKOFF_BASE_MS = 5000;
const MAX_BACKOFF_MS = 15 * 60_000;
/** Retry-After is honoured up to this; a server asking for more is asked again after it. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

const encoder = new TextEncoder();

export class CloudSource implements IngestSource {
  readonly id: string;
  private readonly client: MetricClient;
  private readonly stopping = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Per series (device\0signal): timestamps delivered that are still inside the window. */
  private readonly delivered = new Map<string, Set<number>>();
  private points = 0;
  private polls = 0;
  private failures = 0;
  private lastPollAt: number | null = null;
  /** The last poll that was answered (with new points or none): the Sources view's "last message". */
  private lastAnsweredAt: number | null = null;
  private readonly rate = new RateMeter();
  private nextPollAt: number | null = null;
  private connected = false;
  private lastError: string | null = null;

  constructor(
    private readonly config: CloudSourceConfig,
    private readonly pipeline: Pipeline,
    private readonly deps: CloudSourceDeps,
  ) {
    this.id = config.id;
    this.client = deps.client(this.stopping.signal);
  }

  async start(): Promise<void> {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextPollAt = this.deps.clock() + delayMs;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce().then((next) => this.schedule(next));
    }, delayMs);
    this.timer.unref?.();
  }

  /** One poll: fetch the window, deliver what is new, note what happened. Resolves to the wait before the next. */
  async pollOnce(): Promise<number> {
    const { clock, log } = this.deps;
    const end = clock();
    const window = { start: end - this.config.lookbackMs, end };
    this.polls++;
    try {
      const answer = await this.client.poll(window);
      const fresh = this.fresh(answer.points, window.start);
      if (fresh.length > 0) await this.deliver(fresh);
      this.connected = true;
      this.lastAnsweredAt = clock();
      this.failures = 0;
      this.lastError = answer.notes.length > 0 ? `partial data: ${answer.notes.join('; ')}` : null;
      return this.config.intervalMs;
    } catch (err) {
      if (this.stopped) return 0;
      this.failures++;
      this.connected = false;
      const message = (err as Error).message;
      if (message !== this.lastError) log(`cloud source ${this.id}: ${message}`);
      this.lastError = message;
      return this.waitAfter(err);
    } finally {
      this.lastPollAt = clock();
    }
  }

  /** The wait before the next poll after a failure. */
  private waitAfter(err: unknown): number {
    const base = this.deps.backoffBaseMs ?? BACKOFF_BASE_MS;
    const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.failures - 1, 20));
    if (err instanceof CloudRequestError) {
      if (err.kind === 'throttled' && err.retryAfterMs !== undefined) {
        return Math.min(MAX_RETRY_AFTER_MS, Math.max(err.retryAfterMs, 1000));
      }
      if (err.kind === 'auth') return Math.max(this.config.intervalMs, backoff);
    }
    return backoff;
  }

  /** Points not delivered before (nor twice in this answer), oldest first; forgets what left the window. */
  private fresh(points: readonly CloudPoint[], since: number): CloudPoint[] {
    for (const [key, seen] of this.delivered) {
      for (const ts of seen) if (ts < since) seen.delete(ts);
      if (seen.size === 0) this.delivered.delete(key);
    }
    const out: CloudPoint[] = [];
    const taken = new Set<string>();
    for (const p of points) {
      const key = `${this.config.series[p.series]!.device}\0${p.signal}`;
      if (this.delivered.get(key)?.has(p.ts) || taken.has(`${key}\0${p.ts}`)) continue;
      taken.add(`${key}\0${p.ts}`);
      out.push(p);
    }
    return out.sort((a, b) => a.ts - b.ts);
  }

  private async deliver(points: CloudPoint[]): Promise<void> {
    const limits = this.pipeline.decodeOptions();
    const decoded: DecodeResult = { readings: [], rejects: [] };
    for (const p of points) {
      const deviceId = this.config.series[p.series]!.device;
      const refusal = timeRefusal(p.ts, limits);
      const reading: DecodedReading = {
        deviceId,
        signal: p.signal,
        ts: p.ts,
        value: p.value,
        quality: 'good',
        unit: p.unit,
      };
      if (refusal) decoded.rejects.push({ reason: refusal, raw: this.raw(reading), join: 'json' });
      else decoded.readings.push(reading);
    }
    await this.pipeline.submitDecoded(this.id, `${this.config.preset}:${this.client.url}`, decoded);
    // Durable (or dead-lettered): not delivered again.
    for (const p of points) {
      const key = `${this.config.series[p.series]!.device}\0${p.signal}`;
      let seen = this.delivered.get(key);
      if (!seen) this.delivered.set(key, (seen = new Set()));
      seen.add(p.ts);
    }
    this.points += decoded.readings.length;
  }

  /** A refused point in the documented JSON reading form, so that a re-queue decodes it. */
  private raw(d: DecodedReading): Uint8Array {
    const reading = {
      deviceId: d.deviceId,
      timestamp: formatTime(d.ts),
      sensorType: d.signal,
      value: d.value,
      unit: d.unit,
    };
    return encoder.encode(JSON.stringify(reading));
  }

  decode(_origin: string, payload: Uint8Array): DecodeResult {
    return decodeJsonPayload(payload, this.pipeline.decodeOptions());
  }

  health(): CloudSourceHealth {
    this.rate.sample(this.deps.clock(), this.points);
    return {
      id: this.id,
      kind: 'cloud',
      url: this.client.url,
      connected: this.connected,
      messages: this.points,
      ratePerSecond: Math.round(this.rate.perSecond() * 10) / 10,
      pending: 0,
      lagMs: 0,
      lastMessageAt: this.lastAnsweredAt,
      error: this.lastError,
      preset: this.config.preset,
      lastPollAt: this.lastPollAt,
      points: this.points,
      polls: this.polls,
      nextPollAt: this.stopped ? null : this.nextPollAt,
      failures: this.failures,
    };
  }
}
