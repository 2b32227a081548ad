// Who acted comes from the call, never from the caller's say-so: alarms acknowledged, shelved,
// unshelved, taken out of and back into service and resolved over a real WebSocket record the
// connection's caller (`local` until the engine has users) in the alarm and its journal, and a
// client that sends a name of its own is refused.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServe } from '../../src/main/server/serve';
import { EngineError } from '../../src/shared/errors';
import type { ContractClient } from '../../src/shared/rpc/client';
import { serveInProcess } from '../support/serve-in-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { connectWs } from '../support/ws-client';

describe('the caller of a call', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let running: RunningServe;
  let ws: ContractClient;

  const open = () => running.engine.services.alarmStore.list({ limit: 100 });
  const alarmOf = (deviceId: string) => open().find((a) => a.deviceId === deviceId)!.id;

  /** Readings beyond their limits, as a source would hand them to the pipeline. */
  const breach = (readings: { deviceId: string; sensorType: string; value: number }[]) =>
    running.engine.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(JSON.stringify(readings.map((r) => ({ ...r, timestamp: Date.now() })))),
    );

  beforeAll(async () => {
    dir = makeTempDir();
    running = await serveInProcess(join(dir.path, 'data'), { simulator: { enabled: false } });
    await breach([
      { deviceId: 'device-001', sensorType: 'temperature', value: 99 },
      { deviceId: 'device-002', sensorType: 'pressure', value: 2 },
      { deviceId: 'device-005', sensorType: 'quality_score', value: 70 },
    ]);
    await waitFor(() => open().length === 3, { what: 'three alarms' });
    ws = await connectWs(running.server.url);
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
