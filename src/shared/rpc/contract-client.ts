// Typed client over any channel. Requests resolve with the contract's result type (validated:
// the engine may be a remote one) or reject with an EngineError. Subscriptions survive
// reconnects: when the channel reports 'open' again they are re-sent, a resumable one `after` the
// last place it saw (the engine's `at`, then each event's `seq`), so that the engine replays what
// was missed. When that cannot be — the engine says `reset` (the place is older than its window,
// or it restarted), or the stream is not resumable, or no place was known yet — the
// subscription's onReset runs: whatever was built from its events needs a snapshot. A request given an abort
// signal is cancelled when it aborts: it rejects with CANCELLED at once, and the engine is told
// (a `cancel` message) so that the handler's own signal aborts and its work stops.
//
// The client holds no schemas of its own: it asks `results` for the schema of each method's
// answer, so that the renderer's bundle carries only the groups of the contract its views use
// (contract/result-resolver.ts), while Node clients use the whole contract (client.ts). The
// schema is resolved before the request is sent: when its group must first be fetched and cannot
// be, the call rejects (UNAVAILABLE, "the page is out of date") and the engine never sees it, so
// an action is never done without its answer being checkable. A group being fetched delays only
// the first calls to it, which are sent, in their order, once it is here.
import type { z } from 'zod';
import type { EventOf, ParamsIn, RequestName, ResultOf, ResultSchemas, StreamName, StreamParamsIn } from '../contract';
import { EngineError } from '../errors';
import type { ClientChannel, ServerMessage, StreamPosition } from './protocol';

interface Pending {
  method: RequestName;
  /** What checks the answer. */
  result: z.ZodType;
  resolve: (value: unknown) => void;
  reject: (err: EngineError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Stops listening to the caller's abort signal. */
  release: () => void;
}

interface Subscription {
  stream: StreamName;
  params: unknown;
  onEvent: (event: unknown) => void;
  onEnd?: (err?: EngineError) => void;
  onReset?: () => void;
  /** Where a resumable subscription stands in the engine's stream; undefined until its `at`. */
  place?: StreamPosition;
  /** Sent to the engine at least once: a later send is a resubscription. */
  sent: boolean;
}

export interface ClientOptions {
  /** Requests not answered within this time reject with TIMEOUT. 0 disables. */
  timeoutMs?: number;
}

export interface RequestOptions {
  /** Aborting it cancels the request, here and on the engine. */
  signal?: AbortSignal;
}

export interface ContractClient {
  request<K extends RequestName>(method: K, params: ParamsIn<K>, options?: RequestOptions): Promise<ResultOf<K>>;
  subscribe<K extends StreamName>(
    stream: K,
    params: StreamParamsIn<K>,
    onEvent: (event: EventOf<K>) => void,
    onEnd?: (err?: EngineError) => void,
    /** Events may have been missed (see the header): reload what was built from them. */
    onReset?: () => void,
  ): () => void;
  readonly channel: ClientChannel;
  close(): void;
}

/** A client that checks each answer with the schema `results` gives for its method. */
export function createContractClient(
  channel: ClientChannel,
  results: ResultSchemas,
  options: ClientOptions = {},
): ContractClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<number, Subscription>();

  /** A request is over (answered, failed, cancelled): its timer and abort listener go. */
  const settle = (p: Pending) => {
    if (p.timer) clearTimeout(p.timer);
    p.release();
  };

  const offMessage = channel.onMessage((msg: ServerMessage) => {
    switch (msg.t) {
      case 'res': {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        settle(p);
        if (!msg.ok) {
          p.reject(EngineError.from(msg.error));
          return;
        }
        const parsed = p.result.safeParse(msg.data);
        if (parsed.success) p.resolve(parsed.data);
        else
          p.reject(
            new EngineError('INTERNAL', `the engine's answer to ${p.method} does not match the contract`, {
              issues: parsed.error.issues.slice(0, 5),
            }),
          );
        return;
      }
      case 'evt': {
        const sub = subscriptions.get(msg.id);
        if (!sub) return;
        if (sub.place) sub.place = { epoch: sub.place.epoch, seq: msg.seq };
        sub.onEvent(msg.event);
        return;
      }
      case 'at': {
        const sub = subscriptions.get(msg.id);
        if (sub) sub.place = { epoch: msg.epoch, seq: msg.seq };
        return;
      }
      case 'reset': {
        const sub = subscriptions.get(msg.id);
        if (!sub) return;
        sub.place = undefined;
        sub.onReset?.();
        return;
      }
      case 'end': {
        const sub = subscriptions.get(msg.id);
        if (!sub) return;
        subscriptions.delete(msg.id);
        sub.onEnd?.(msg.error ? EngineError.from(msg.error) : undefined);
        return;
      }
    }
  });

  const offStatus = channel.onStatus((status) => {
    if (status === 'closed') {
      for (const [id, p] of pending) {
        pending.delete(id);
        settle(p);
        p.reject(new EngineError('UNAVAILABLE', 'connection to the engine was lost'));
      }
    } else {
      for (const [id, sub] of subscriptions) {
        const after = sub.place;
        const again = sub.sent;
        sub.sent = true;
        channel.send(
          after
            ? { t: 'sub', id, stream: sub.stream, params: sub.params, after }
            : { t: 'sub', id, stream: sub.stream, params: sub.params },
        );
        if (again && !after) sub.onReset?.();
      }
    }
  });

  const send = <K extends RequestName>(
    method: K,
    result: z.ZodType,
    params: ParamsIn<K>,
    { signal }: RequestOptions,
  ): Promise<ResultOf<K>> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new EngineError('CANCELLED', `${method} was cancelled`));
        return;
      }
      if (channel.status !== 'open') {
        reject(new EngineError('UNAVAILABLE', 'not connected to the engine'));
        return;
      }
      const id = nextId++;
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              const p = pending.get(id);
              if (!p) return;
              pending.delete(id);
              settle(p);
              // Nobody waits for the answer any more: the engine may stop working on it.
              if (channel.status === 'open') channel.send({ t: 'cancel', id });
              reject(new EngineError('TIMEOUT', `${method} got no answer within ${timeoutMs} ms`));
            }, timeoutMs)
          : undefined;
      const cancel = () => {
        const p = pending.get(id);
        if (!p) return;
        pending.delete(id);
        settle(p);
        if (channel.status === 'open') channel.send({ t: 'cancel', id });
        reject(new EngineError('CANCELLED', `${method} was cancelled`));
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const release = () => signal?.removeEventListener('abort', cancel);
      pending.set(id, { method, result, resolve: resolve as (v: unknown) => void, reject, timer, release });
      channel.send({ t: 'req', id, method, params: params ?? {} });
    });

  return {
    channel,
    request(method, params, options = {}) {
      let result: ReturnType<ResultSchemas>;
      try {
        result = results(method);
      } catch (err) {
        return Promise.reject(unresolved(method, err));
      }
      if (!(result instanceof Promise)) return send(method, result, params, options);
      return result.then(
        (schema) => send(method, schema, params, options),
        (err: unknown) => {
          throw unresolved(method, err);
        },
      );
    },
    subscribe(stream, params, onEvent, onEnd, onReset) {
      const id = nextId++;
      subscriptions.set(id, {
        stream,
        params: params ?? {},
        onEvent: onEvent as (e: unknown) => void,
        onEnd,
        onReset,
        sent: channel.status === 'open',
      });
      if (channel.status === 'open') channel.send({ t: 'sub', id, stream, params: params ?? {} });
      return () => {
        if (!subscriptions.delete(id)) return;
        if (channel.status === 'open') channel.send({ t: 'unsub', id });
      };
    },
    close() {
      offMessage();
      offStatus();
      for (const p of pending.values()) {
        settle(p);
        p.reject(new EngineError('UNAVAILABLE', 'client closed'));
      }
      pending.clear();
      subscriptions.clear();
      channel.close();
    },
  };
}

/** Why a call could not be sent: its result schema could not be had (the resolver says why). */
function unresolved(method: RequestName, err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('INTERNAL', `no schema to check the answer to ${method}`, {
    cause: err instanceof Error ? err.message : String(err),
  });
}
