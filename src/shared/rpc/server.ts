// Serves the contract on any channel: validates every incoming message and its parameters
// against the contract before a handler runs, and answers `{ ok, data } | { ok, error }`.
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
import type { CallContext } from './call-context';
import { ClientMessage, type ServerChannel } from './protocol';

/** A handler gets the validated parameters and who is calling (never a parameter of its own). */
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
  const parsed = requests[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) throw badRequest(`invalid parameters for ${method}`, parsed.error);
  const handler = handlers.requests[method] as (p: unknown, c: CallContext) => unknown;
  return await handler(parsed.data, context);
}

export interface ServeContractOptions {
  /** Who is at the other end of this channel, as the transport established it. */
  context: CallContext;
  /**
   * Runs before each request or subscription is served; throwing refuses it with that error
   * (the WebSocket transport's rate limit). Events of running streams are not counted.
   */
  admit?: (what: string) => void;
}

/** Attaches the handlers to one channel (one client). Returns a function that detaches. */
export function serveContract(
  channel: ServerChannel,
  handlers: ContractHandlers,
  { context, admit }: ServeContractOptions,
): () => void {
  const active = new Map<number, () => void>();

  const stopAll = () => {
    for (const stop of active.values()) stop();
    active.clear();
  };

  const handleRequest = async (id: number, method: string, rawParams: unknown) => {
    try {
      admit?.(method);
      const data = await invokeRequest(handlers, method, rawParams, context);
      if (channel.status === 'open') channel.send({ t: 'res', id, ok: true, data });
    } catch (err) {
      if (channel.status === 'open') channel.send({ t: 'res', id, ok: false, error: toErrorPayload(err) });
    }
  };

  const handleSubscribe = (id: number, stream: string, rawParams: unknown) => {
    active.get(id)?.();
    active.delete(id);
    try {
      admit?.(stream);
      if (!isStreamName(stream)) throw new EngineError('UNKNOWN_METHOD', `no stream named "${stream}"`);
      const parsed = streams[stream].params.safeParse(rawParams ?? {});
      if (!parsed.success) throw badRequest(`invalid parameters for stream ${stream}`, parsed.error);
      const start = handlers.streams[stream] as (p: unknown, emit: (e: unknown) => void, c: CallContext) => () => void;
      const stop = start(
        parsed.data,
        (event) => {
          if (channel.status === 'open') channel.send({ t: 'evt', id, event });
        },
        context,
      );
      active.set(id, stop);
    } catch (err) {
      channel.send({ t: 'end', id, error: toErrorPayload(err) });
    }
  };

  const offMessage = channel.onMessage((raw) => {
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) return; // not our protocol: nothing to answer to
    const msg = parsed.data;
    if (msg.t === 'req') void handleRequest(msg.id, msg.method, msg.params);
    else if (msg.t === 'sub') handleSubscribe(msg.id, msg.stream, msg.params);
    else {
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
