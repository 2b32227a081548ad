// Calls per minute, one token bucket per key (a client address, or a user: the access gate takes
// from both) and kind of call (REST writes, REST reads, WebSocket requests): a full minute's
// worth may come at once, then calls are refilled evenly. Buckets of quiet clients are dropped
// once there are many, so a scan from many addresses cannot grow memory without bound.
import { TokenBucket } from '../../engine/notify/token-bucket';

const PRUNE_ABOVE = 10_000;

export interface RateVerdict {
  ok: boolean;
  /** When refused: how long until one more call is allowed (an upper bound). */
  retryAfterMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: () => number = Date.now) {}

  take(kind: string, client: string, perMinute: number): RateVerdict {
    const now = this.clock();
    const key = `${kind}\0${client}`;
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.perMinute !== perMinute) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = new TokenBucket(perMinute, perMinute, now);
      this.buckets.set(key, bucket);
    }
    if (bucket.take(now)) return { ok: true, retryAfterMs: 0 };
    return { ok: false, retryAfterMs: Math.ceil(60_000 / perMinute) };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.available(now) >= bucket.capacity) this.buckets.delete(key);
    }
  }
}
