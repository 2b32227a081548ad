import { describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm } from '../domain';
import { EngineError } from '../errors';
import { IN_PROCESS, type CallContext } from './call-context';
import { createClient } from './client';
import { createMemoryChannelPair } from './memory-channel';
import { serveContract, type ContractHandlers } from './server';

const alarm: Alarm = raisedAlarm({
  id: 7,
  key: 'device-001/temperature/high',
  deviceId: 'device-001',
  signal: 'temperature',
  kind: 'high',
  area: 'default',
  priority: 'high',
  value: 91,
  limit: 85,
  at: 1,
});

function setup(overrides: Partial<ContractHandlers['requests']> = {}) {
  const seen: unknown[] = [];
  let emitAlarm: ((a: Alarm) => void) | undefined;
  let stopped = 0;
  const handlers = {
    requests: {
      'alarms.acknowledge': (p: { id: number; comment?: string }, context: CallContext) => {
        seen.push(p);
        if (p.id !== 7) throw new EngineError('NOT_FOUND', `no alarm with id ${p.id}`);
        return { ...alarm, state: 'ack_active' as const, ackedBy: context.caller.id, ackComment: p.comment ?? null };
      },
      'alarms.list': (p: unknown) => {
        seen.push(p);
        return [];
      },
      ...overrides,
    },
    streams: {
      'alarms.changes': (_p: object, emit: (e: { alarm: Alarm }) => void) => {
        emitAlarm = (a) => emit({ alarm: a });
        return () => {
          stopped++;
        };
      },
    },
  } as unknown as ContractHandlers;
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, handlers, { context: IN_PROCESS });
  const client = createClient(clientEnd, { timeoutMs: 1000 });
  return { client, seen, emit: (a: Alarm) => emitAlarm?.(a), stopped: () => stopped, clientEnd };
}

describe('contract over a channel', () => {
  it('applies parameter defaults before the handler runs and returns a typed result', async () => {
    const { client, seen } = setup();
    const result = await client.request('alarms.acknowledge', { id: 7, comment: 'valve checked' });
    await client.request('alarms.list', {});
    expect(seen).toEqual([{ id: 7, comment: 'valve checked' }, { limit: 500 }]);
    expect(result.state).toBe('ack_active');
    expect(result.ackComment).toBe('valve checked');
    // Who acknowledged comes from the call context, never from the parameters.
    expect(result.ackedBy).toBe('local');
  });

  it('refuses a client-supplied name for who acted', async () => {
    const { client, seen } = setup();
    const err = await client
      // @ts-expect-error — `by` is no parameter: the engine records the caller from the call context
      .request('alarms.acknowledge', { id: 7, by: 'mallory' })
      .catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
    expect(seen).toEqual([]);
  });

  it('rejects parameters that break the schema with BAD_REQUEST and never calls the handler', async () => {
    const { client, seen } = setup();
    // @ts-expect-error — a string id is what a broken client would send
    const err = await client.request('alarms.acknowledge', { id: 'seven' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
    expect((err as EngineError).message).toContain('id');
    expect(seen).toEqual([]);
  });

  it('rejects unknown parameter names instead of ignoring them', async () => {
    const { client } = setup();
    const err = await client
      // @ts-expect-error — not in the contract
      .request('alarms.acknowledge', { id: 7, comentt: 'typo' })
      .catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
  });

  it('carries the handler error code to the caller', async () => {
    const { client } = setup();
    const err = await client.request('alarms.acknowledge', { id: 99 }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('NOT_FOUND');
    expect((err as EngineError).message).toBe('no alarm with id 99');
  });

  it('answers an unknown method with UNKNOWN_METHOD', async () => {
    const { client } = setup();
    // @ts-expect-error — not in the contract
    const err = await client.request('alarms.delete', {}).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('UNKNOWN_METHOD');
  });

  it('turns an unexpected exception into INTERNAL rather than a hang', async () => {
    const { client } = setup({
      'alarms.acknowledge': () => {
        throw new Error('disk full');
      },
    });
    const err = await client.request('alarms.acknowledge', { id: 7 }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('INTERNAL');
  });

  it('refuses a result that does not match the contract', async () => {
    const { client } = setup({ 'alarms.acknowledge': () => ({ id: 'x' }) as unknown as Alarm });
    const err = await client.request('alarms.acknowledge', { id: 7 }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('INTERNAL');
    expect((err as EngineError).message).toContain('does not match the contract');
  });

  it('delivers stream events until unsubscribed, then stops the producer', async () => {
    const { client, emit, stopped } = setup();
    const got: number[] = [];
    const unsubscribe = client.subscribe('alarms.changes', {}, (e) => got.push(e.alarm.id));
    await new Promise((r) => setTimeout(r, 5));
    emit(alarm);
    emit({ ...alarm, id: 8 });
    await new Promise((r) => setTimeout(r, 5));
    unsubscribe();
    await new Promise((r) => setTimeout(r, 5));
    emit({ ...alarm, id: 9 });
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([7, 8]);
    expect(stopped()).toBe(1);
  });

  it('fails pending requests with UNAVAILABLE when the connection drops', async () => {
    const { client, clientEnd } = setup({ 'alarms.acknowledge': () => new Promise<Alarm>(() => {}) });
    const pending = client.request('alarms.acknowledge', { id: 7 });
    clientEnd.close();
    const err = await pending.catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('UNAVAILABLE');
  });
});
