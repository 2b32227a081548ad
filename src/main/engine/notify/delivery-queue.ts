// The delivery queue: bounded, persisted (pending rows in state.db), worked off asynchronously
// with a few sends in flight. Failed attempts are retried with exponential backoff up to a cap;
// every attempt is logged. Nothing here runs on the caller's stack: enqueue returns at once.
// A delivery its channel cannot take now (a desktop notification with no window open) is parked
// as "waiting" until release(channel) (a window connected) or its expiry ("not shown").
import { performance } from 'node:perf_hooks';
import type { NotificationsConfig } from '../../../shared/contract/notifications';
import type { SendResult } from './channels/send-result';
import type { DeliveryLog, NewDelivery, PendingDelivery } from './delivery-log';

type RetryPolicy = NotificationsConfig['retry'];

export interface DeliveryQueueDeps {
  log: DeliveryLog;
  clock: () => number;
  say: (message: string) => void;
  send: (d: PendingDelivery) => Promise<SendResult> | SendResult;
  policy: () => { retry: RetryPolicy; queueLimit: number };
  concurrency?: number;
}

/** The wait before attempt n + 1 after n failed attempts. */
export function backoffDelay(failedAttempts: number, retry: RetryPolicy): number {
  return Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** Math.max(0, failedAttempts - 1));
}

/** What became of the attempts on one channel since the engine started (GET /metrics). */
export interface ChannelOutcomes {
  /** Deliveries sent. */
  sent: number;
  /** Deliveries given up on (a permanent failure, or out of attempts). */
  failed: number;
  /** Failed attempts, retried or not. */
  failedAttempts: number;
}

export class DeliveryQueue {
  /** Per channel, since start. */
  readonly outcomes = new Map<string, ChannelOutcomes>();
  /** Pending deliveries, earliest due first. */
  private waiting: PendingDelivery[] = [];
  /** Parked until their channel is released, with when they expire. */
  private readonly parked = new Map<number, { d: PendingDelivery; expiresAt: number }>();
  /** Releases per channel, so an attempt in flight while a window connected is tried again. */
  private readonly releases = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Infinity;
  private stopped = false;
  private readonly concurrency: number;

  constructor(private readonly deps: DeliveryQueueDeps) {
    this.concurrency = deps.concurrency ?? 4;
  }

  /** Resumes what was pending when the engine last stopped. */
  start(): void {
    this.waiting = this.deps.log.pending().sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    if (this.waiting.length > 0) this.deps.say(`notifications: resuming ${this.waiting.length} pending deliveries`);
    this.stopped = false;
    this.pump();
  }

  get pendingCount(): number {
    return this.waiting.length + this.running.size + this.parked.size;
  }

  /** Expires what waited too long and starts what is due, on the engine's clock (the notifier's tick). */
  sweep(): void {
    this.pump();
  }

  /** Someone can take `channel`'s deliveries now (a window connected): what waited for it goes. */
  release(channel: string): void {
    const now = this.deps.clock();
    this.releases.set(channel, (this.releases.get(channel) ?? 0) + 1);
    for (const [id, p] of this.parked) {
      if (p.d.channel !== channel) continue;
      this.parked.delete(id);
      this.insertWaiting({ ...p.d, nextAttemptAt: now });
    }
    this.pump();
  }

  /** Logs a delivery and queues it; when the queue is full it is logged as dropped instead. */
  enqueue(d: Omit<NewDelivery, 'status'>): number {
    const { queueLimit } = this.deps.policy();
    if (this.pendingCount >= queueLimit) {
      return this.deps.log.insert({
        ...d,
        status: 'dropped',
        lastError: `delivery queue full (${queueLimit} waiting)`,
      });
    }
    const id = this.deps.log.insert({ ...d, status: 'pending' });
    this.insertWaiting({
      id,
      createdAt: d.at,
      channel: d.channel,
      target: d.target,
      attempts: 0,
      nextAttemptAt: d.at,
      message: d.message,
    });
    this.pump();
    return id;
  }

  /** One attempt now, outside the queue and without retries (test sends). */
  async sendOnce(d: Omit<NewDelivery, 'status'>): Promise<number> {
    const id = this.deps.log.insert({ ...d, status: 'pending' });
    await this.attempt(
      {
        id,
        createdAt: d.at,
        channel: d.channel,
        target: d.target,
        attempts: 0,
        nextAttemptAt: d.at,
        message: d.message,
      },
      1,
      false,
    );
    return id;
  }

  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Sends in flight get a moment to finish; any that do not stay pending and resume next start.
    await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, graceMs).unref?.())]);
  }

  private insertWaiting(p: PendingDelivery): void {
    let i = this.waiting.length;
    while (i > 0 && this.waiting[i - 1]!.nextAttemptAt > p.nextAttemptAt) i--;
    this.waiting.splice(i, 0, p);
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.deps.clock();
    let expiry = Infinity;
    for (const [id, p] of this.parked) {
      if (p.expiresAt > now) {
        expiry = Math.min(expiry, p.expiresAt);
        continue;
      }
      this.parked.delete(id);
      const waited = Math.round((p.expiresAt - p.d.createdAt) / 60_000);
      this.deps.log.expire(id, now, `no control-room window that may show notifications opened within ${waited} min`);
    }
    while (this.running.size < this.concurrency && this.waiting.length > 0 && this.waiting[0]!.nextAttemptAt <= now) {
      const next = this.waiting.shift()!;
      const run = this.attempt(next, this.deps.policy().retry.maxAttempts).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
    const due = Math.min(this.waiting[0]?.nextAttemptAt ?? Infinity, expiry);
    if (due !== Infinity && this.running.size < this.concurrency) this.wakeAt(due, now);
  }

  private wakeAt(due: number, now: number): void {
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDue = Infinity;
        this.pump();
      },
      Math.max(0, due - now),
    );
    this.timer.unref?.();
  }

  private async attempt(d: PendingDelivery, maxAttempts: number, canWait = true): Promise<void> {
    const attempt = d.attempts + 1;
    const releasesBefore = this.releases.get(d.channel) ?? 0;
    const t0 = performance.now();
    let result: SendResult;
    try {
      result = await this.deps.send(d);
    } catch (err) {
      result = { ok: false, detail: err instanceof Error ? err.message : String(err), permanent: false };
    }
    const durationMs = Math.round((performance.now() - t0) * 10) / 10;
    const at = this.deps.clock();
    const { log, say } = this.deps;
    let outcome = this.outcomes.get(d.channel);
    if (!outcome) this.outcomes.set(d.channel, (outcome = { sent: 0, failed: 0, failedAttempts: 0 }));
    if (result.ok) outcome.sent++;
    else if (!('wait' in result)) {
      outcome.failedAttempts++;
      if (result.permanent || attempt >= maxAttempts) outcome.failed++;
    }
    try {
      if (result.ok) {
        log.recordAttempt(d.id, attempt, at, true, result.detail, durationMs, {
          status: 'sent',
          nextAttemptAt: null,
          target: result.target,
        });
        return;
      }
      if ('wait' in result) {
        if (canWait && result.expiresAt > at) {
          log.park(d.id, at, result.detail, result.expiresAt);
          const releasedMeanwhile = (this.releases.get(d.channel) ?? 0) !== releasesBefore;
          if (releasedMeanwhile) this.insertWaiting({ ...d, nextAttemptAt: at });
          else if (!this.stopped) this.parked.set(d.id, { d, expiresAt: result.expiresAt });
        } else {
          log.expire(d.id, at, result.detail);
        }
        return;
      }
      const retry = this.deps.policy().retry;
      if (result.permanent || attempt >= maxAttempts) {
        log.recordAttempt(d.id, attempt, at, false, result.detail, durationMs, {
          status: 'failed',
          nextAttemptAt: null,
        });
        const why = result.permanent ? 'permanent failure' : `gave up after ${attempt} attempts`;
        say(`notification ${d.id} via ${d.channel} failed (${why}): ${result.detail}`);
        return;
      }
      const nextAttemptAt = at + backoffDelay(attempt, retry);
      log.recordAttempt(d.id, attempt, at, false, result.detail, durationMs, { status: 'pending', nextAttemptAt });
      if (!this.stopped) this.insertWaiting({ ...d, attempts: attempt, nextAttemptAt });
    } catch (err) {
      // The state database closed under a send that outlived stop(): the row stays pending.
      if (!this.stopped) throw err;
    }
  }
}
