import { describe, expect, it } from 'vitest';
import { requests } from '../contract';
import { createResultResolver, resolveResult } from '../contract/result-resolver';
import { EngineError } from '../errors';
import { IN_PROCESS } from './call-context';
import { createContractClient } from './contract-client';
import { createMemoryChannelPair } from './memory-channel';
import { serveContract, type ContractHandlers } from './server';
import type { ResultSchemas } from '../contract';

/** An engine that answers annotations.causes with `answer` (given the call's number) and alarms.list with nothing, noting the calls it saw. */
function setup(results: ResultSchemas, answer: (call: number) => unknown) {
  const seen: string[] = [];
  const handlers = {
    requests: {
      'annotations.causes': () => {
        seen.push('annotations.causes');
        return answer(seen.length);
      },
      'alarms.list': () => {
        seen.push('alarms.list');
        return [];
      },
    },
    streams: {},
  } as unknown as ContractHandlers;
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, handlers, { context: IN_PROCESS });
  return { client: createContractClient(clientEnd, results, { timeoutMs: 1000 }), seen };
}

describe("the renderer's client, with result schemas fetched per group", () => {
  it('checks an answer whose schema was fetched lazily: a good one resolves, a bad one rejects', async () => {
    const good = setup(resolveResult, () => ({ causes: ['valve stuck', 'sensor drift'] }));
    expect(await good.client.request('annotations.causes', {})).toEqual({ causes: ['valve stuck', 'sensor drift'] });

    const bad = setup(resolveResult, () => ({ causes: 'valve stuck' }));
    const err = await bad.client.request('annotations.causes', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('INTERNAL');
    expect((err as EngineError).message).toBe("the engine's answer to annotations.causes does not match the contract");
    expect(bad.seen).toEqual(['annotations.causes']);
  });

  it('does not send a call whose group cannot be fetched, and says to reload; the first view goes on working', async () => {
    let online = false;
    const results = createResultResolver(
      { 'alarms.list': requests['alarms.list'] },
      {
        annotations: () =>
          online
            ? import('../contract/annotations').then((m) => m.annotationRequests)
            : Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      },
      () => 'annotations',
    );
    const { client, seen } = setup(results, () => ({ causes: [] }));

    const err = await client.request('annotations.causes', {}).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('UNAVAILABLE');
    expect((err as EngineError).message).toMatch(/^the page is out of date: reload it/);
    expect(await client.request('alarms.list', {})).toEqual([]);
    expect(seen).toEqual(['alarms.list']);

    online = true;
    expect(await client.request('annotations.causes', {})).toEqual({ causes: [] });
    expect(seen).toEqual(['alarms.list', 'annotations.causes']);
  });

  it('sends the first calls to a group in the order they were made, once it has arrived', async () => {
    let arrive!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const results = createResultResolver(
      {},
      {
        annotations: () => arrived.then(() => import('../contract/annotations').then((m) => m.annotationRequests)),
      },
      () => 'annotations',
    );
    const order: string[] = [];
    const { client, seen } = setup(results, (call) => ({ causes: [`answer ${call}`] }));
    const first = client.request('annotations.causes', {}).then((r) => order.push(`first: ${r.causes[0]}`));
    const second = client.request('annotations.causes', {}).then((r) => order.push(`second: ${r.causes[0]}`));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([]);
    arrive();
    await Promise.all([first, second]);
    expect(seen).toEqual(['annotations.causes', 'annotations.causes']);
    expect(order).toEqual(['first: answer 1', 'second: answer 2']);
  });

  it('rejects with CANCELLED, unsent, a call aborted while its group was on its way', async () => {
    let arrive!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const results = createResultResolver(
      {},
      { annotations: () => arrived.then(() => import('../contract/annotations').then((m) => m.annotationRequests)) },
      () => 'annotations',
    );
    const { client, seen } = setup(results, () => ({ causes: [] }));
    const abort = new AbortController();
    const call = client.request('annotations.causes', {}, { signal: abort.signal }).catch((e: unknown) => e);
    abort.abort();
    arrive();
    expect(((await call) as EngineError).code).toBe('CANCELLED');
    expect(seen).toEqual([]);
  });
});
