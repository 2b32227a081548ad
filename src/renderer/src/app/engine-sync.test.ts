// The sync against an in-memory engine: what the operator sees after connecting must match
// the engine, even when alarms change while the queue is still loading.
import { beforeEach, describe, expect, it } from 'vitest';
import { raisedAlarm, type Alarm, type Device, type Health, type Reading } from '../../../shared/domain';
import { IN_PROCESS } from '../../../shared/rpc/call-context';
import { createClient } from '../../../shared/rpc/client';
import { createMemoryChannelPair } from '../../../shared/rpc/memory-channel';
import { serveContract, type ContractHandlers } from '../../../shared/rpc/server';
import { useAppStore } from '../store/app-store';
import { TelemetryStore } from '../telemetry/telemetry-store';
import { startEngineSync } from './engine-sync';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

const now = Date.now();
const device: Device = {
  id: 'd1',
  name: 'Oven',
  kind: 'temperature',
  location: '',
  area: '',
  unconfigured: false,
  signals: [{ key: 't', unit: 'celsius', limits: { hi: 85 }, intervalMs: 1000, deadband: 0 }],
};
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
    at: now,
  });

function fakeEngine(overrides: Partial<ContractHandlers['requests']> = {}) {
  const emitters: { reading?: (r: Reading[]) => void; alarm?: (a: Alarm) => void } = {};
  const handlers = {
    requests: {
      'engine.health': () => ({}) as Health,
      'devices.list': () => [device],
      'devices.deaths': () => [],
      'live.snapshot': () => [{ deviceId: 'd1', signal: 't', ts: now - 500, value: 42, quality: 'good' as const }],
      'history.query': (p: { series: string[] }) =>
        p.series.map((series) => ({
          series,
          tier: 'raw' as const,
          bucketMs: 0,
          ts: [now - 3000, now - 2000],
          value: [40, 41],
          min: [40, 41],
          max: [40, 41],
          count: [1, 1],
        })),
      'alarms.list': () => [alarm(1, 'unack_active')],
      'alarms.acknowledge': () => alarm(1, 'ack_active'),
      'alarms.flood': () => [],
      'deadLetters.list': () => ({ total: 0, items: [] }),
      ...overrides,
    },
    streams: {
      'live.readings': (_p: unknown, emit: (e: { readings: Reading[] }) => void) => {
        emitters.reading = (readings) => emit({ readings });
        return () => {};
      },
      'alarms.changes': (_p: unknown, emit: (e: { alarm: Alarm }) => void) => {
        emitters.alarm = (a) => emit({ alarm: a });
        return () => {};
      },
      'engine.health': () => () => {},
      'alarms.flood': () => () => {},
    },
  } as unknown as ContractHandlers;
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, handlers, { context: IN_PROCESS });
  return { client: createClient(clientEnd), emitters };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('engine sync', () => {
  it('loads devices and alarms, and seeds trends with history then the snapshot', async () => {
    const { client } = fakeEngine();
    const telemetry = new TelemetryStore(() => {});
    startEngineSync(client, telemetry);
    await settle();
    const s = useAppStore.getState();
    expect(s.connection).toBe('open');
    expect(s.devices.map((d) => d.id)).toEqual(['d1']);
    expect(Object.keys(s.alarms)).toEqual(['1']);
    expect(Array.from(telemetry.buffer('d1/t')!.toArrays().value)).toEqual([40, 41, 42]);
  });

  it('applies alarm changes that arrive while the queue is loading', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client, emitters } = fakeEngine({
      'alarms.list': async () => {
        await gate;
        return [alarm(1, 'unack_active')];
      },
    });
    startEngineSync(client, new TelemetryStore(() => {}));
    await settle();
    emitters.alarm!(alarm(1, 'ack_active'));
    emitters.alarm!(alarm(2, 'unack_active'));
    await settle();
    release();
    await settle();
    const alarms = useAppStore.getState().alarms;
    expect(alarms[1]?.state).toBe('ack_active');
    expect(alarms[2]?.state).toBe('unack_active');
  });

  it('drops an alarm from the queue once it is back to normal', async () => {
    const { client, emitters } = fakeEngine();
    startEngineSync(client, new TelemetryStore(() => {}));
    await settle();
    emitters.alarm!(alarm(1, 'normal'));
    await settle();
    expect(useAppStore.getState().alarms).toEqual({});
  });

  it('appends live readings to the series buffers, not to the store', async () => {
    const { client, emitters } = fakeEngine();
    const telemetry = new TelemetryStore(() => {});
    startEngineSync(client, telemetry);
    await settle();
    emitters.reading!([{ deviceId: 'd1', signal: 't', ts: now, value: 43, quality: 'good' }]);
    await settle();
    expect(telemetry.latest('d1/t')?.value).toBe(43);
  });
});
