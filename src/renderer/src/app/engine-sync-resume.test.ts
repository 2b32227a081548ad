// The sync across a dropped link: resumed streams need no snapshot (the queue is not reloaded and
// the changes missed meanwhile arrive as events); a stream that cannot resume reloads the queue;
// either way the queue ends as the engine's. While the link is down the store says since when.
import { beforeEach, describe, expect, it } from 'vitest';
import { droppableLink } from '../../../../test/support/droppable-link';
import { raisedAlarm, type Alarm, type Health } from '../../../shared/domain';
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import { createClient } from '../../../shared/rpc/client';
import { serveContract, type ContractHandlers } from '../../../shared/rpc/server';
import type { ReplaySink, StreamReplay } from '../../../shared/rpc/stream-replay';
import { useAppStore } from '../store/app-store';
import { TelemetryStore } from '../telemetry/telemetry-store';
import { startEngineSync } from './engine-sync';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

const alarm = (id: number, state: Alarm['state']): Alarm =>
  raisedAlarm({
    id,
    key: `d1/t/high/${id}`,
    deviceId: 'd1',
    signal: 't',
    kind: 'high',
    area: 'default',
    priority: 'high',
    state,
    value: 90,
    limit: 85,
    at: 1,
  });

/** An engine with an alarm queue whose changes are logged; `forget()` empties the log (the window passed). */
function engineWithLog() {
  const queue = new Map<number, Alarm>();
  const log: { seq: number; event: unknown }[] = [];
  let lastSeq = 0;
  const readers = new Set<ReplaySink>();
  const QUIET = new Set(['alarms.flood', 'devices.deaths']);
  let listLoads = 0;
  const replay: StreamReplay = {
    resumable: (stream) => stream === 'alarms.changes' || QUIET.has(stream),
    subscribe(stream, _params, after, sink) {
      // Streams without events here: any place of this engine resumes.
      if (QUIET.has(stream)) {
        if (after && after.epoch !== 'e') sink.reset();
        sink.at({ epoch: 'e', seq: 0 });
        return () => {};
      }
      const firstHeld = log[0]?.seq ?? lastSeq + 1;
      const held = after !== undefined && after.epoch === 'e' && after.seq <= lastSeq && after.seq >= firstHeld - 1;
      if (after && !held) sink.reset();
      sink.at({ epoch: 'e', seq: held ? after.seq : lastSeq });
      if (held) for (const e of log) if (e.seq > after.seq) sink.event(e.seq, e.event);
      readers.add(sink);
      return () => readers.delete(sink);
    },
  };
  const handlers = {
    requests: {
      'engine.health': () => ({}) as Health,
      'devices.list': () => [],
      'devices.deaths': () => [],
      'live.snapshot': () => [],
      'history.query': () => [],
      'alarms.list': () => {
        listLoads++;
        return [...queue.values()];
      },
      'alarms.flood': () => [],
    },
    streams: new Proxy({}, { get: () => () => () => {} }),
    replay,
  } as unknown as ContractHandlers;
  return {
    handlers,
    listLoads: () => listLoads,
    change(a: Alarm) {
      if (a.state === 'normal') queue.delete(a.id);
      else queue.set(a.id, a);
      const entry = { seq: ++lastSeq, event: { alarm: a } };
      log.push(entry);
      for (const r of readers) r.event(entry.seq, entry.event);
    },
    forget: () => log.splice(0),
    openIds: () => [...queue.keys()].sort(),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 120));
const storeIds = () => Object.keys(useAppStore.getState().alarms).map(Number).sort();

describe('engine sync across a dropped link', () => {
  function connect(engine: ReturnType<typeof engineWithLog>) {
    const link = droppableLink((server) =>
      serveContract(server, engine.handlers, { context: IN_PROCESS, heartbeatMs: 0 }),
    );
    startEngineSync(createClient(link.client), new TelemetryStore(() => {}));
    link.up();
    return link;
  }

  it('resumes: the changes missed while down arrive, and the queue is not loaded again', async () => {
    const engine = engineWithLog();
    engine.change(alarm(1, 'unack_active'));
    const link = connect(engine);
    await settle();
    expect(storeIds()).toEqual([1]);
    engine.change(alarm(2, 'unack_active'));
    await settle();

    link.down();
    expect(useAppStore.getState().connection).toBe('closed');
    expect(useAppStore.getState().staleSince).not.toBeNull();
    engine.change(alarm(1, 'normal'));
    engine.change(alarm(3, 'unack_active'));
    link.up();
    await settle();

    expect(useAppStore.getState().staleSince).toBeNull();
    expect(engine.listLoads()).toBe(1);
    expect(storeIds()).toEqual(engine.openIds());
    expect(storeIds()).toEqual([2, 3]);
  });

  it('reloads the queue when the stream cannot resume', async () => {
    const engine = engineWithLog();
    const link = connect(engine);
    engine.change(alarm(1, 'unack_active'));
    await settle();
    link.down();
    engine.change(alarm(1, 'normal'));
    engine.change(alarm(4, 'unack_active'));
    engine.forget();
    link.up();
    await settle();
    expect(engine.listLoads()).toBe(2);
    expect(storeIds()).toEqual([4]);
  });
});
