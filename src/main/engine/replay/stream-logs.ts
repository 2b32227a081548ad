// The engine's side of resuming (shared/rpc/stream-replay.ts): one ReplayLog per stream the
// contract flags `resumable` (contract/resumable.ts), started with the engine so that it records
// while nobody listens — the moment a client's link is down is the one that matters. Each log is
// fed by the stream's own handler, subscribed once with no filter as the engine itself; every
// client subscription to that stream reads the log, filtered by its parameters through the
// contract's `matches`. The stream handlers stay as they are (and still serve alone where the
// contract is served without logs, as in unit tests).
import { randomBytes } from 'node:crypto';
import { streams, type StreamName } from '../../../shared/contract';
import { isResumable, resumableStreams, streamMatches } from '../../../shared/contract/resumable';
import { IN_PROCESS, type CallContext } from '../../../shared/rpc/call-context';
import type { StreamHandlers } from '../../../shared/rpc/server';
import type { ReplaySink, StreamPosition, StreamReplay } from '../../../shared/rpc/stream-replay';
import { ReplayLog } from './replay-log';

/** What a log holds at most, whatever the window (111 changes a second for 15 minutes; about 100 MB of alarm changes); beyond it a client reloads a snapshot instead. */
export const MAX_REPLAY_ENTRIES = 100_000;

export interface StreamLogsOptions {
  windowMs: number;
  clock: () => number;
  maxEntries?: number;
  /** A client subscribed to a stream (windows on notifications.desktop); returns its unsubscribe. */
  onSubscribe?: (stream: StreamName) => (() => void) | undefined;
  /** Tests: a fixed epoch. */
  epoch?: string;
}

export interface StreamLogs extends StreamReplay {
  readonly epoch: string;
  /** The log of one resumable stream (benchmarks, tests). */
  log(stream: StreamName): ReplayLog | undefined;
  stop(): void;
}

export function startStreamLogs(handlers: StreamHandlers, options: StreamLogsOptions): StreamLogs {
  const epoch = options.epoch ?? randomBytes(6).toString('base64url');
  const logs = new Map<StreamName, ReplayLog>();
  const stops: (() => void)[] = [];
  for (const name of resumableStreams()) {
    const log = new ReplayLog({
      epoch,
      windowMs: options.windowMs,
      maxEntries: options.maxEntries ?? MAX_REPLAY_ENTRIES,
      clock: options.clock,
    });
    logs.set(name, log);
    const start = handlers[name] as (p: unknown, emit: (e: unknown) => void, c: CallContext) => () => void;
    stops.push(start(streams[name].params.parse({}), (event) => log.append(event), IN_PROCESS));
  }

  return {
    epoch,
    resumable: (stream) => logs.has(stream) && isResumable(stream),
    subscribe(stream: StreamName, params: unknown, after: StreamPosition | undefined, sink: ReplaySink) {
      const log = logs.get(stream);
      if (!log) throw new Error(`${stream} is not a resumable stream`);
      const matches = streamMatches(stream);
      const off = log.subscribe(after, (event) => matches(params, event), sink);
      const left = options.onSubscribe?.(stream);
      return left
        ? () => {
            off();
            left();
          }
        : off;
    },
    log: (stream) => logs.get(stream),
    stop() {
      for (const stop of stops) stop();
      for (const log of logs.values()) log.close();
    },
  };
}
