// Who acted comes from the call, never from the caller's say-so: alarms acknowledged, shelved,
// unshelved, taken out of and back into service and resolved over a real WebSocket record the
// connection's caller (`local` until the engine has users) in the alarm and its journal, and a
// client that sends a name of its own is refused.
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { serve, type RunningServe } from '../../src/main/server/serve';
import { EngineError } from '../../src/shared/errors';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

describe('the caller of a call', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let ws: ContractClient;

  const open = () => running.engine.services.alarmStore.list({ limit: 100 });
  const alarmOf = (deviceId: string) => open().find((a) => a.deviceId === deviceId)!.id;

  async function post(deviceId: string, sensorType: string, value: number) {
    const res = await fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId, sensorType, value, timestamp: Date.now() }),
    });
    expect(res.status).toBe(202);
  }

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serve({
      config: parseConfig(
        mergeConfig(
          { dataDir: join(dir.path, 'data') },
          { server: { port: 0 }, broker: { port: 0 }, simulator: { enabled: false } },
        ),
      ),
      rendererDir: join(dir.path, 'no-renderer'),
      version: 'test',
      log: () => {},
    });
    await post('device-001', 'temperature', 99);
    await post('device-002', 'pressure', 2);
    await post('device-005', 'quality_score', 70);
    await waitFor(() => open().length === 3, { what: 'three alarms' });
    const channel = createWebSocketChannel(running.server.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    ws = createClient(channel);
  });

  afterAll(async () => {
    ws?.close();
    await running?.stop();
    dir?.remove();
  });

  it('records an acknowledgement over WebSocket as the connection’s caller', async () => {
    const id = alarmOf('device-001');
    const acked = await ws.request('alarms.acknowledge', { id, comment: 'oven door closed' });
    expect(acked).toMatchObject({ state: 'ack_active', ackedBy: 'local', ackComment: 'oven door closed' });
    const { journal } = await ws.request('alarms.get', { id });
    expect(journal.at(-1)).toMatchObject({ event: 'acknowledged', by: 'local', comment: 'oven door closed' });
  });

  it('refuses a name the client puts in the parameters, and changes nothing', async () => {
    const id = alarmOf('device-002');
    const err = await ws
      // @ts-expect-error — `by` is not a parameter: who acts is the caller of the call
      .request('alarms.acknowledge', { id, by: 'night shift lead' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BAD_REQUEST');
    expect(open().find((a) => a.id === id)).toMatchObject({ state: 'unack_active', ackedBy: null });
  });

  it('records shelving, service changes and resolution as the caller too', async () => {
    const shelved = alarmOf('device-002');
    await ws.request('alarms.shelve', { id: shelved, reason: 'transmitter swap', until: Date.now() + 3600_000 });
    await ws.request('alarms.unshelve', { id: shelved, comment: 'swap done' });
    const resolved = alarmOf('device-005');
    await ws.request('alarms.removeFromService', { id: resolved, comment: 'analyser under repair' });
    await ws.request('alarms.returnToService', { id: resolved });
    await ws.request('alarms.resolve', { id: resolved, comment: 'lab sample was wrong' });

    const byOf = async (id: number) => (await ws.request('alarms.get', { id })).journal.map((j) => [j.event, j.by]);
    expect((await byOf(shelved)).slice(1)).toEqual([
      ['shelved', 'local'],
      ['unshelved', 'local'],
    ]);
    const closed = await ws.request('alarms.get', { id: resolved });
    expect(closed.alarm).toMatchObject({ state: 'normal', closedBy: 'local' });
    expect(closed.journal.slice(1).every((j) => j.by === 'local')).toBe(true);
  });
});
