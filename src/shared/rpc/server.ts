// Serves the contract on any channel: validates every incoming message and its parameters
// against the contract before a handler runs, and answers `{ ok, data } | { ok, error }`.
// Each request gets an abort signal of its own in its call context: a `cancel` message from
// the client aborts it (and no answer follows), a closed or detached channel aborts them all.
// Every event carries a sequence number: a resumable stream's come from the engine's replay log
// (stream-replay.ts), which also resumes a subscription sent `after` a place; the others count
// per subscription. A heartbeat goes out every ~2 s, so a client can tell silence from calm.
import {
  isRequestName,
  isStreamName,
  requests,
  streams,
  type EventOf,
  type Params,
  type RequestName,
  type ResultOf,
  type StreamName,
  type StreamParams,
} from '../contract';
import { EngineError, toErrorPayload } from '../errors';
import type { AccessControl } from './access-control';
import { callContext, type CallContext, type Connection } from './call-context';
import { ClientMessage, type ServerChannel, type ServerMessage, type StreamPosition } from './protocol';
import type { StreamReplay } from './stream-replay';

/** How often a channel hears from the engine when nothing else is sent; clients give up after 4.5 s. */
export const HEARTBEAT_MS = 2000;

/**
 * A handler gets the validated parameters and the call's context: who is calling (never a
 * parameter of its own), from where, and the signal that aborts when the call is cancelled.
 */
export type RequestHandlers = {
  [K in RequestName]: (params: Params<K>, context: CallContext) => ResultOf<K> | Promise<ResultOf<K>>;
};

/** Starts a stream; returns the function that stops it. */
export type StreamHandlers = {
  [K in StreamName]: (params: StreamParams<K>, emit: (event: EventOf<K>) => void, context: CallContext) => () => void;
};

export interface ContractHandlers {
  requests: RequestHandlers;
  streams: StreamHandlers;
  /** Who may call what (permissions.ts) and the audit trail; without it every call runs unchecked. */
  access?: AccessControl;
  /** The engine's logs of resumable streams; without it every stream is served live only. */
  replay?: StreamReplay;
}

function badRequest(what: string, error: { issues: readonly { path: PropertyKey[]; message: string }[] }) {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  const where = first && first.path ? ` at "${first.path}"` : '';
  return new EngineError('BAD_REQUEST', `${what}: ${first?.message ?? 'invalid'}${where}`, { issues });
}

/**
 * Validates parameters against the contract and runs one request's handler: the single path
 * by which a request reaches the engine, whatever carries it (a channel, REST, the CLI).
 */
export async function invokeRequest(
  handlers: ContractHandlers,
  method: string,
  rawParams: unknown,
  context: CallContext,
): Promise<unknown> {
  if (!isRequestName(method)) throw new EngineError('UNKNOWN_METHOD', `no request named "${method}"`);
  // Who may call comes before what was sent: a refused call is refused whatever its parameters.
  handlers.access?.admit?.(method, rawParams, context);
  const parsed = requests[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) throw badRequest(`invalid parameters for ${method}`, parsed.error);
  const handler = handlers.requests[method] as (p: unknown, c: CallContext) => unknown;
  const run = async () => await handler(parsed.data, context);
  return handlers.access ? await handlers.access.request(method, parsed.data, context, run) : await run();
}

export interface ServeContractOptions {
  /** Who is at the other end of this channel, as the transport established it. */
  context: Connection;
  /**
   * Runs before each request or subscription is served; throwing refuses it with that error
   * (the WebSocket transport's rate limit). Events of running streams are not counted.
   */
  admit?: (what: string) => void;
  /** The heartbeat's period (HEARTBEAT_MS); 0 sends none. */
  heartbeatMs?: number;
}

/** Attaches the handlers to one channel (one client). Returns a function that detaches. */
export function serveContract(
  channel: ServerChannel,
  handlers: ContractHandlers,
  { context, admit, heartbeatMs = HEARTBEAT_MS }: ServeContractOptions,
): () => void {
  const active = new Map<number, () => void>();
  /** Requests being handled, by id: their abort controllers. */
  const calls = new Map<number, AbortController>();
  const send = (message: ServerMessage) => {
    if (channel.status === 'open') channel.send(message);
  };
  const heartbeat = heartbeatMs > 0 ? setInterval(() => send({ t: 'hb' }), heartbeatMs) : undefined;
  (heartbeat as { unref?: () => void } | undefined)?.unref?.();

  const stopAll = () => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    for (const stop of active.values()) stop();
    active.clear();
    for (const call of calls.values()) call.abort(new EngineError('CANCELLED', 'the connection closed'));
    calls.clear();
  };

  const handleRequest = async (id: number, method: string, rawParams: unknown) => {
    // A client reusing the id of a call still running replaces it: the old one is cancelled.
    calls.get(id)?.abort(new EngineError('CANCELLED', 'replaced by a request with the same id'));
    const call = new AbortController();
    calls.set(id, call);
    const answer = (message: ServerMessage) => {
      if (calls.get(id) === call) calls.delete(id);
      // A cancelled call gets no answer: its client has already given up on it.
      if (!call.signal.aborted && channel.status === 'open') channel.send(message);
    };
    try {
      admit?.(method);
      const data = await invokeRequest(handlers, method, rawParams, callContext(context, call.signal));
      answer({ t: 'res', id, ok: true, data });
    } catch (err) {
      answer({ t: 'res', id, ok: false, error: toErrorPayload(err) });
    }
  };

  const handleSubscribe = (id: number, stream: string, rawParams: unknown, after: StreamPosition | undefined) => {
    active.get(id)?.();
    active.delete(id);
    try {
      admit?.(stream);
      if (!isStreamName(stream)) throw new EngineError('UNKNOWN_METHOD', `no stream named "${stream}"`);
      // Unsubscribing (or the channel closing) calls the stream's stop and aborts its signal.
      const call = new AbortController();
      // Who may subscribe comes before what was sent (streams have no area rule).
      handlers.access?.stream(stream, rawParams, callContext(context, call.signal));
      const parsed = streams[stream].params.safeParse(rawParams ?? {});
      if (!parsed.success) throw badRequest(`invalid parameters for stream ${stream}`, parsed.error);
      const start = handlers.streams[stream] as (p: unknown, emit: (e: unknown) => void, c: CallContext) => () => void;
      let stop: () => void;
      if (handlers.replay?.resumable(stream)) {
        stop = handlers.replay.subscribe(stream, parsed.data, after, {
          at: (place) => send({ t: 'at', id, epoch: place.epoch, seq: place.seq }),
          event: (seq, event) => send({ t: 'evt', id, seq, event }),
          reset: () => send({ t: 'reset', id }),
        });
      } else {
        let seq = 0;
        stop = start(
          parsed.data,
          (event) => send({ t: 'evt', id, seq: ++seq, event }),
          callContext(context, call.signal),
        );
      }
      active.set(id, () => {
        call.abort(new EngineError('CANCELLED', 'unsubscribed'));
        stop();
      });
    } catch (err) {
      channel.send({ t: 'end', id, error: toErrorPayload(err) });
    }
  };

  const offMessage = channel.onMessage((raw) => {
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) return; // not our protocol: nothing to answer to
    const msg = parsed.data;
    if (msg.t === 'req') void handleRequest(msg.id, msg.method, msg.params);
    else if (msg.t === 'sub') handleSubscribe(msg.id, msg.stream, msg.params, msg.after);
    else if (msg.t === 'cancel') {
      calls.get(msg.id)?.abort(new EngineError('CANCELLED', 'cancelled by the client'));
      calls.delete(msg.id);
    } else {
      active.get(msg.id)?.();
      active.delete(msg.id);
    }
  });

  const offStatus = channel.onStatus((status) => {
    if (status === 'closed') stopAll();
  });

  return () => {
    offMessage();
    offStatus();
    stopAll();
  };
}
