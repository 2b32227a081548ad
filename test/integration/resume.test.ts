// Issue 14: a client's link dropped for 30 s during an alarm flood catches up with exactly the
// transitions it missed. A real `serve` (HTTP + WebSocket), the fleet simulator driving its
// devices into flood over MQTT, a Node contract client over a real WebSocket through a TCP proxy
// that goes silent (no close, as a pulled cable) and comes back. What the client received is
// compared with what the engine's alarm service announced, event for event (an in-process
// listener, independent of the replay log). Beyond the replay window the client is told to
// reload, and the queue it rebuilds from the snapshot and the events after it is the engine's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { join } from 'node:path';
import { mergeConfig, parseConfig, type ConfigPatch } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { FleetModel, type FleetSpec } from '../../src/main/engine/simulator/fleet/fleet-model';
import { runFleet } from '../../src/main/engine/simulator/fleet/fleet-run';
import { MqttTarget } from '../../src/main/engine/simulator/fleet/mqtt-target';
import { halfBand } from '../../src/main/engine/simulator/fleet/signal-baseline';
import { parseTargetAddress } from '../../src/main/engine/simulator/fleet/target-url';
import { isOpen } from '../../src/renderer/src/store/alarm-queue';
import type { Alarm, DeviceInput } from '../../src/shared/domain';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import type { ServerMessage } from '../../src/shared/rpc/protocol';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const AREA = 'line-1';
const SPEC: FleetSpec = { devices: 12, signals: 2, intervalMs: 200, seed: 23, faults: ['spike'], faultRate: 12 };

function configuredFleet(model: FleetModel): DeviceInput[] {
  return model.devices.map((d) => ({
    id: d.id,
    name: d.id,
    kind: 'simulated',
    area: AREA,
    signals: d.signals.map((b) => ({
      key: b.key,
      unit: b.unit,
      intervalMs: SPEC.intervalMs,
      limits: { lo: b.level - 2 * halfBand(b), hi: b.level + 2 * halfBand(b) },
    })),
  }));
}

async function startFloodServe(dir: string, replayWindowMs?: number): Promise<RunningServe> {
  const patch: ConfigPatch = {
    dataDir: join(dir, 'data'),
    server: { port: 0 },
    broker: { port: 0 },
    simulator: { enabled: false },
    detection: { kindDefaults: false }, // the fleet's one-reading spikes must alarm: a flood is the point
    devices: configuredFleet(new FleetModel(SPEC)),
  };
  return serve({
    config: parseConfig(mergeConfig({}, patch)),
    rendererDir: join(dir, 'no-renderer'),
    version: 'test',
    log: () => {},
    replayWindowMs,
  });
}

/** The fleet publishing for `durationMs`, in the background: `done` settles when it stops. */
async function floodFor(running: RunningServe, durationMs: number): Promise<{ done: Promise<void> }> {
  const address = parseTargetAddress(running.engine.services.broker!.url);
  if (address.kind !== 'mqtt') throw new Error('the embedded broker speaks MQTT');
  const target = new MqttTarget(address, 1, () => {});
  await target.connect();
  const done = runFleet({
    model: new FleetModel(SPEC),
    target,
    batch: false,
    durationMs,
    signal: new AbortController().signal,
    labels: { write: () => {} },
  }).then(
    async (r) => {
      expect(r.failed).toBe(0);
      await target.close(5000);
    },
    async (err: unknown) => {
      await target.close(5000);
      throw err;
    },
  );
  return { done };
}

/** A contract client over a WebSocket through the proxy, and the raw messages it received, timed. */
function wsClient(proxy: TcpProxy) {
  const channel = createWebSocketChannel(`ws://127.0.0.1:${proxy.port}/ws`, {
    WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
  });
  const statuses: { status: string; at: number }[] = [];
  channel.onStatus((status) => statuses.push({ status, at: Date.now() }));
  const alarmEvents: { seq: number; at: number }[] = [];
  channel.onMessage((m: ServerMessage) => {
    if (m.t === 'evt' && typeof m.event === 'object' && m.event !== null && 'alarm' in m.event)
      alarmEvents.push({ seq: m.seq, at: Date.now() });
  });
  return { channel, client: createClient(channel), statuses, alarmEvents };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Transition {
  alarm: Alarm;
  event?: string | undefined;
}

describe('a client whose link drops for 30 s during an alarm flood', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let proxy: TcpProxy;
  let client: ContractClient | undefined;

  beforeAll(async () => {
    dir = makeTempDir('watchfloor-resume-');
    running = await startFloodServe(dir.path);
    proxy = await startTcpProxy(running.server.port);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await proxy?.close();
    await running?.stop();
    dir?.remove();
  });

  it('notices the silence within 5 s, then gets every transition it missed, once, in order', async () => {
    // What the engine announced: its alarm service's own events, as alarms.changes carries them.
    const engineSaw: Transition[] = [];
    running.engine.services.alarms.onEvent((e) => engineSaw.push({ alarm: e.alarm, event: e.type }));

    const link = wsClient(proxy);
    client = link.client;
    await link.channel.opened;
    const clientGot: Transition[] = [];
    let resets = 0;
    client.subscribe(
      'alarms.changes',
      {},
      (e) => clientGot.push(e),
      undefined,
      () => resets++,
    );
    await sleep(300);

    const flood = await floodFor(running, 46_000);
    await sleep(8_000);
    expect(engineSaw.length).toBeGreaterThan(10); // the flood is on

    const cutAt = Date.now();
    await proxy.cut();
    await waitFor(() => link.channel.status === 'closed', { what: 'the client to notice', timeoutMs: 8_000 });
    const noticedAfterMs = Date.now() - cutAt;
    const receivedBeforeDrop = clientGot.length;

    await sleep(30_000 - (Date.now() - cutAt));
    await proxy.restore();
    await waitFor(() => link.channel.status === 'open', { what: 'the client to reconnect', timeoutMs: 10_000 });
    const reconnectAt = link.statuses.filter((s) => s.status === 'open').at(-1)!.at;
    const engineAtReconnect = engineSaw.length;
    await waitFor(() => clientGot.length >= engineAtReconnect, { what: 'the catch-up', timeoutMs: 10_000 });
    const caughtUpAt = link.alarmEvents[engineAtReconnect - 1]!.at;

    await flood.done;
    await waitFor(() => running.engine.services.pipeline.queued === 0, { what: 'the fleet stored' });
    let quietFor = 0;
    let seen = engineSaw.length;
    while (quietFor < 1500) {
      await sleep(250);
      quietFor = engineSaw.length === seen && clientGot.length === seen ? quietFor + 250 : 0;
      seen = engineSaw.length;
    }

    const missed = engineAtReconnect - receivedBeforeDrop;
    const replayed = link.alarmEvents.filter(
      (e) => e.at >= reconnectAt && e.seq <= link.alarmEvents[engineAtReconnect - 1]!.seq,
    ).length;
    console.log(
      JSON.stringify({
        resume: {
          dropMs: reconnectAt - cutAt,
          noticedAfterMs,
          transitionsTotal: engineSaw.length,
          missedDuringDrop: missed,
          replayed,
          reconnectToCaughtUpMs: caughtUpAt - reconnectAt,
        },
      }),
    );

    expect(noticedAfterMs).toBeLessThan(5_000);
    expect(missed).toBeGreaterThan(20);
    expect(replayed).toBe(missed);
    expect(resets).toBe(0);
    // Exactly the engine's transitions: none missing, none twice, same order, same content.
    expect(clientGot.length).toBe(engineSaw.length);
    expect(clientGot).toEqual(engineSaw);
    const seqs = link.alarmEvents.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  }, 120_000);
});

describe('a client whose link drops for longer than the replay window', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let proxy: TcpProxy;
  let client: ContractClient | undefined;

  beforeAll(async () => {
    dir = makeTempDir('watchfloor-resume-reset-');
    running = await startFloodServe(dir.path, 2_000);
    proxy = await startTcpProxy(running.server.port);
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await proxy?.close();
    await running?.stop();
    dir?.remove();
  });

  it('is told to reload, and the queue it rebuilds is the engine’s', async () => {
    const link = wsClient(proxy);
    client = link.client;
    await link.channel.opened;
    const c = client;
    // The renderer's way: a snapshot, changes held while it loads, a reload on reset.
    let queue = new Map<number, Alarm>();
    let held: Alarm[] | null = null;
    const apply = (a: Alarm) => (isOpen(a) ? queue.set(a.id, a) : queue.delete(a.id));
    const load = async () => {
      held = [];
      const list = await c.request('alarms.list', { limit: 5000 });
      queue = new Map(list.filter(isOpen).map((a) => [a.id, a]));
      for (const a of held) apply(a);
      held = null;
    };
    let resets = 0;
    c.subscribe(
      'alarms.changes',
      {},
      ({ alarm }) => (held ? held.push(alarm) : apply(alarm)),
      undefined,
      () => {
        resets++;
        void load();
      },
    );
    await load();

    const flood = await floodFor(running, 16_000);
    await sleep(3_000);
    await proxy.cut();
    await waitFor(() => link.channel.status === 'closed', { what: 'the client to notice', timeoutMs: 8_000 });
    await sleep(6_000); // past the 2 s window, while the flood goes on
    await proxy.restore();
    await waitFor(() => resets === 1, { what: 'the reset', timeoutMs: 10_000 });
    await flood.done;
    await waitFor(() => running.engine.services.pipeline.queued === 0, { what: 'the fleet stored' });
    await sleep(1_500);

    const engineList = (await c.request('alarms.list', { limit: 5000 })).filter(isOpen);
    expect(engineList.length).toBeGreaterThan(10);
    expect(queue).toEqual(new Map(engineList.map((a) => [a.id, a])));
    expect(resets).toBe(1);
  }, 90_000);
});
