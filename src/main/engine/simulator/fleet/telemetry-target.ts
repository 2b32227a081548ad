// Where the fleet publishes: one small contract that the MQTT and Kafka adapters implement,
// and the ledger they share. A message counts as published only once the broker or cluster
// has accepted it, so the summary can be compared with what the engine stored.
import type { TelemetryMessage } from './fleet-messages';

export interface DeliveryCounts {
  /** Messages the broker or cluster accepted. */
  published: number;
  /** Readings in those messages. */
  readings: number;
  /** Messages refused, or still unanswered when the target closed. */
  failed: number;
  /** Messages sent and not yet answered. */
  pending: number;
}

export interface TelemetryTarget {
  /** Where it publishes, for the operator (no credentials). */
  readonly description: string;
  readonly counts: DeliveryCounts;
  connect(): Promise<void>;
  /** Queues a message; the outcome shows in `counts`. */
  send(message: TelemetryMessage): void;
  /** Resolves once at most `max` messages are pending: the run's back-pressure. */
  settle(max: number): Promise<void>;
  /** Waits up to `timeoutMs` for pending messages (those left count as failed), then disconnects. */
  close(timeoutMs: number): Promise<void>;
}

export class DeliveryLedger {
  readonly counts: DeliveryCounts = { published: 0, readings: 0, failed: 0, pending: 0 };
  private waiters: { max: number; resolve: () => void }[] = [];
  private lastError = '';
  private closed = false;

  constructor(private readonly log: (message: string) => void) {}

  sent(n = 1): void {
    this.counts.pending += n;
  }

  accepted(messages: number, readings: number): void {
    if (this.closed) return;
    this.counts.pending -= messages;
    this.counts.published += messages;
    this.counts.readings += readings;
    this.wake();
  }

  failed(messages: number, err: Error): void {
    if (this.closed) return;
    this.counts.pending -= messages;
    this.counts.failed += messages;
    // One line per distinct cause, not one per message.
    if (err.message !== this.lastError) {
      this.lastError = err.message;
      this.log(`publish failed: ${err.message}`);
    }
    this.wake();
  }

  /** Whatever is still pending is given up; answers arriving later no longer count. */
  abandon(): void {
    this.closed = true;
    this.counts.failed += this.counts.pending;
    this.counts.pending = 0;
    this.wake();
  }

  settle(max: number, timeoutMs = Infinity): Promise<void> {
    if (this.counts.pending <= max) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { max, resolve: () => resolve() };
      this.waiters.push(waiter);
      if (Number.isFinite(timeoutMs)) {
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        }, timeoutMs);
        waiter.resolve = () => {
          clearTimeout(timer);
          resolve();
        };
      }
    });
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => this.counts.pending <= w.max);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => this.counts.pending > w.max);
    for (const w of ready) w.resolve();
  }
}
