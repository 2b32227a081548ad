import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { LOCAL_CALLER, type CallContext } from './call-context';
import { createClient } from './client';
import { createMemoryChannelPair } from './memory-channel';
import type { ClientMessage, ServerMessage } from './protocol';
import { serveContract, type ContractHandlers } from './server';

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A server whose `jobs.get` never answers by itself: it records each call's context. */
function setup() {
  const calls: CallContext[] = [];
  const finish: (() => void)[] = [];
  const handlers = {
    requests: {
      'jobs.get': (p: { id: string }, context: CallContext) => {
        calls.push(context);
        return new Promise((resolve) => {
          finish.push(() =>
            resolve({
              id: p.id,
              kind: 'export',
              state: 'done',
              progress: 1,
              rows: 0,
              startedAt: 0,
              finishedAt: 1,
              path: null,
              download: null,
              error: null,
            }),
          );
        });
      },
    },
    streams: {},
  } as unknown as ContractHandlers;
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  const client = {
    address: '192.0.2.7',
    origin: 'http://wall.example',
    trusted: false,
  };
  serveContract(serverEnd, handlers, { context: { caller: LOCAL_CALLER, client } });
  // What the server sends, and what the client sends, as the channel carries it.
  const fromServer: ServerMessage[] = [];
  clientEnd.onMessage((m) => fromServer.push(m));
  const fromClient: ClientMessage[] = [];
  serverEnd.onMessage((m) => fromClient.push(m));
  return { rpc: createClient(clientEnd, { timeoutMs: 1000 }), calls, finish, fromServer, fromClient, clientEnd };
}

describe('call context and cancellation over a channel', () => {
  it('hands every handler the caller, the client of the connection and a live signal', async () => {
    const { rpc, calls, finish } = setup();
    const answer = rpc.request('jobs.get', { id: 'a' });
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.caller).toEqual(LOCAL_CALLER);
    expect(calls[0]!.client).toEqual({ address: '192.0.2.7', origin: 'http://wall.example', trusted: false });
    expect(calls[0]!.signal.aborted).toBe(false);
    finish[0]!();
    expect((await answer).id).toBe('a');
    // Answered: the call is over, its signal stays as it was.
    expect(calls[0]!.signal.aborted).toBe(false);
  });

  it('aborts the handler’s signal when the client aborts, and answers nothing afterwards', async () => {
    const { rpc, calls, finish, fromServer, fromClient } = setup();
    const controller = new AbortController();
    const answer = rpc.request('jobs.get', { id: 'long' }, { signal: controller.signal });
    await tick();
    controller.abort();
    const err = await answer.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('CANCELLED');
    await tick();
    expect(fromClient.map((m) => m.t)).toEqual(['req', 'cancel']);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect((calls[0]!.signal.reason as EngineError).code).toBe('CANCELLED');
    // The handler ends anyway; its answer is not sent to a client that gave up on it.
    finish[0]!();
    await tick();
    expect(fromServer).toEqual([]);
  });

  it('cancels only the call that was aborted', async () => {
    const { rpc, calls, finish } = setup();
    const controller = new AbortController();
    const cancelled = rpc.request('jobs.get', { id: 'one' }, { signal: controller.signal }).catch((e: unknown) => e);
    const kept = rpc.request('jobs.get', { id: 'two' });
    await tick();
    controller.abort();
    await tick();
    expect(calls.map((c) => c.signal.aborted)).toEqual([true, false]);
    finish[1]!();
    expect((await kept).id).toBe('two');
    expect(((await cancelled) as EngineError).code).toBe('CANCELLED');
  });

  it('aborts every call of a connection when the channel closes', async () => {
    const { rpc, calls, clientEnd } = setup();
    const a = rpc.request('jobs.get', { id: 'a' }).catch((e: unknown) => e);
    const b = rpc.request('jobs.get', { id: 'b' }).catch((e: unknown) => e);
    await tick();
    expect(calls.map((c) => c.signal.aborted)).toEqual([false, false]);
    clientEnd.close();
    expect(calls.map((c) => c.signal.aborted)).toEqual([true, true]);
    expect(((await a) as EngineError).code).toBe('UNAVAILABLE');
    expect(((await b) as EngineError).code).toBe('UNAVAILABLE');
  });

  it('never sends a request whose signal has already aborted', async () => {
    const { rpc, calls, fromClient } = setup();
    const err = await rpc
      .request('jobs.get', { id: 'x' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e as EngineError);
    expect((err as EngineError).code).toBe('CANCELLED');
    await tick();
    expect(fromClient).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('tells the engine when a request times out, so its work can stop', async () => {
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    let signal: AbortSignal | undefined;
    const handlers = {
      requests: {
        'jobs.get': (_p: unknown, context: CallContext) => {
          signal = context.signal;
          return new Promise(() => {});
        },
      },
      streams: {},
    } as unknown as ContractHandlers;
    serveContract(serverEnd, handlers, {
      context: { caller: LOCAL_CALLER, client: { address: 'in-process', origin: null, trusted: true } },
    });
    const rpc = createClient(clientEnd, { timeoutMs: 20 });
    const err = await rpc.request('jobs.get', { id: 'slow' }).catch((e: unknown) => e as EngineError);
    expect((err as EngineError).code).toBe('TIMEOUT');
    await tick();
    expect(signal?.aborted).toBe(true);
  });
});
