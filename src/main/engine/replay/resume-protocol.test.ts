// The protocol end to end in memory: a contract client whose link drops and comes back resumes
// its resumable subscriptions from the engine's log (serveContract + stream logs), or is told to
// reload (onReset) when its place is gone.
import { describe, expect, it } from 'vitest';
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import { createClient } from '../../../shared/rpc/client';
import { serveContract, type ContractHandlers, type StreamHandlers } from '../../../shared/rpc/server';
import { droppableLink } from '../../../../test/support/droppable-link';
import { startStreamLogs } from './stream-logs';

const settle = () => new Promise((r) => setTimeout(r, 10));

function engineLike(windowMs: number, clock: () => number) {
  const emitters = new Map<string, (e: unknown) => void>();
  const streams = new Proxy(
    {},
    {
      get: (_t, name: string) => (_p: unknown, emit: (e: unknown) => void) => {
        emitters.set(name, emit);
        return () => emitters.delete(name);
      },
    },
  ) as StreamHandlers;
  const replay = startStreamLogs(streams, { windowMs, clock });
  const handlers = { requests: {}, streams, replay } as unknown as ContractHandlers;
  return { handlers, emit: (name: string, e: unknown) => emitters.get(name)!(e) };
}

describe('resuming over the contract', () => {
  it('gets every event emitted while the link was down, once, then the live ones', async () => {
    const engine = engineLike(60_000, Date.now);
    const link = droppableLink((server) =>
      serveContract(server, engine.handlers, { context: IN_PROCESS, heartbeatMs: 0 }),
    );
    const client = createClient(link.client);
    const got: unknown[] = [];
    let resets = 0;
    client.subscribe(
      'alarms.flood',
      {},
      (e) => got.push(e),
      undefined,
      () => resets++,
    );
    link.up();
    await settle();
    engine.emit('alarms.flood', 1);
    await settle();
    link.down();
    engine.emit('alarms.flood', 2);
    engine.emit('alarms.flood', 3);
    link.up();
    engine.emit('alarms.flood', 4); // before the resubscription reaches the engine
    await settle();
    engine.emit('alarms.flood', 5);
    await settle();
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(resets).toBe(0);
  });

  it('calls onReset when its place has left the window, and goes on live', async () => {
    let now = 0;
    const engine = engineLike(10_000, () => now);
    const link = droppableLink((server) =>
      serveContract(server, engine.handlers, { context: IN_PROCESS, heartbeatMs: 0 }),
    );
    const client = createClient(link.client);
    const got: unknown[] = [];
    let resets = 0;
    client.subscribe(
      'alarms.flood',
      {},
      (e) => got.push(e),
      undefined,
      () => resets++,
    );
    link.up();
    await settle();
    engine.emit('alarms.flood', 1);
    await settle();
    link.down();
    engine.emit('alarms.flood', 2);
    now = 20_000; // the missed event is older than the window now
    link.up();
    await settle();
    engine.emit('alarms.flood', 3);
    await settle();
    expect(resets).toBe(1);
    expect(got).toEqual([1, 3]);
  });

  it('calls onReset for a stream that cannot resume', async () => {
    const engine = engineLike(60_000, Date.now);
    const link = droppableLink((server) =>
      serveContract(server, engine.handlers, { context: IN_PROCESS, heartbeatMs: 0 }),
    );
    const client = createClient(link.client);
    let resets = 0;
    client.subscribe(
      'live.readings',
      {},
      () => {},
      undefined,
      () => resets++,
    );
    link.up();
    await settle();
    expect(resets).toBe(0);
    link.down();
    link.up();
    await settle();
    expect(resets).toBe(1);
  });
});
