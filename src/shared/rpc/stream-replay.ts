// The engine's replay of resumable streams, as the contract server sees it: a port like
// AccessControl. The engine implements it (src/main/engine/replay) with one log per stream that
// the contract flags `resumable` (contract/resumable.ts), fed by that stream's own handler and
// feeding every subscriber; serveContract uses it for those streams when it is given one.
// Handlers built without it (unit tests, tools) serve every stream live, numbered per subscription.
import type { StreamName } from '../contract';
import type { StreamPosition } from './protocol';

export type { StreamPosition };

/** Where a subscription's messages go: the transport's side of one subscriber. */
export interface ReplaySink {
  /** The subscription's place: every event that follows comes after it. Sent first, and again after a reset. */
  at(position: StreamPosition): void;
  event(seq: number, event: unknown): void;
  /** The place asked for is gone: the subscription goes on live from the newest event (an `at` follows). */
  reset(): void;
}

export interface StreamReplay {
  /** Whether this stream is served from a log (the contract's flag). */
  resumable(stream: StreamName): boolean;
  /**
   * Subscribes a client: the events after `after` (matching `params`) in order, then the live
   * ones, without a gap or a repeat at the seam; without `after`, live from the newest event.
   * Returns the function that unsubscribes.
   */
  subscribe(stream: StreamName, params: unknown, after: StreamPosition | undefined, sink: ReplaySink): () => void;
}
