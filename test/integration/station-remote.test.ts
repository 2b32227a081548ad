// A desktop attached to a central engine keeps its own updater: the shell's EngineProcess starts
// the engine host in remote mode (here in this process) against a real `serve`; the station's
// UpdateService (real, packaged, no feed) sits behind the shell's StationBridge. A window's
// `station.*` are answered by this station's updater, judged by the permission table against the
// desktop's session on the central engine (a viewer reads, only an admin changes settings), while
// its other calls still reach the central engine; the blocking alarms are the central engine's; and
// the updater's audit events reach the central engine's audit trail as `station.report`, queued
// while nobody is signed in.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/engine/config/load-config';
import { generateReleaseKeyPair } from '../../src/main/release/signature';
import type { RunningServe } from '../../src/main/server/serve';
import { EngineProcess } from '../../src/main/shell/engine-process';
import { memoryPortPair } from '../../src/main/shell/remote/central-calls';
import { RemoteEngineHost } from '../../src/main/shell/remote/remote-engine-host';
import { StationBridge } from '../../src/main/shell/station/station-bridge';
import { fakeMessageChannelClass } from '../../src/main/shell/testing/electron-fakes';
import { EngineError } from '../../src/shared/errors';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createPortChannel } from '../../src/shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../src/shared/rpc/protocol';
import { invokeRequest } from '../../src/shared/rpc/server';
import { inProcessUtility, windowPort } from '../support/in-process-host';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { makeStation, type Station } from '../support/update-feed';
import { waitFor } from '../support/wait';

const PASSWORD = 'central-password-1';

describe('a desktop attached to a central engine answers station.* from its own updater', () => {
  const dir = makeTempDir('watchfloor-station-remote-');
  let running: RunningServe;
  let station: Station;
  let bridge: StationBridge;
  let process: EngineProcess;
  let remote: RemoteEngineHost | undefined;
  const clients: ContractClient[] = [];

  const trail = () => running.engine.services.auditLog.list({ limit: 200 }).items;

  async function openWindow(): Promise<ContractClient> {
    const { MessageChannelMain } = fakeMessageChannelClass();
    const channel = new MessageChannelMain();
    process.connect(channel.port1);
    await waitFor(() => channel.port1.started, { what: 'the host to take the window port' });
    const client = createClient(createPortChannel<ServerMessage, ClientMessage>(windowPort(channel.port2)));
    clients.push(client);
    return client;
  }

  async function signIn(user: string): Promise<void> {
    const answer = await process.call({ call: 'signIn', user, password: PASSWORD });
    expect(answer).toMatchObject({ ok: true });
  }

  beforeAll(async () => {
    running = await startServe(join(dir.path, 'central'), { broker: { embedded: false } });
    for (const [name, role] of [
      ['vera', 'viewer'],
      ['ada', 'admin'],
    ] as const) {
      await invokeRequest(
        running.engine.handlers(),
        'users.create',
        { name, role, areas: null, password: PASSWORD },
        IN_PROCESS,
      );
    }
    station = makeStation(join(dir.path, 'station'), { version: '1.0.0', keys: generateReleaseKeyPair(), feed: null });
    const { utilityProcess } = inProcessUtility({
      createEngine: () => {
        throw new Error('a remote desktop runs no engine');
      },
      createRemote: (options) => (remote = new RemoteEngineHost({ ...options, reportRetryMs: 100 })),
      log: () => {},
    });
    bridge = new StationBridge({ host: () => process });
    process = new EngineProcess({
      utilityProcess,
      modulePath: 'engine-host.js',
      config: loadConfig({ env: {}, defaultDataDir: join(dir.path, 'unused') }),
      version: '1.0.0',
      remote: { url: running.server.url, fingerprint: null },
      onReady: () => bridge.hostReady(),
      onStationMessage: (message, host) => bridge.fromHost(message, host),
    });
    bridge.serve(station.service);
    process.start();
    await waitFor(() => process.ready, { what: 'the remote engine host to be ready' });
  }, 30_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await process?.stop();
    await running?.stop();
    dir.remove();
  });

  it("queues the updater's audit events while nobody is signed in, and records them on the central engine as the signed-in user's station.report", async () => {
    bridge.audit({
      actor: 'station',
      action: 'update.refused',
      outcome: 'refused',
      version: '1.1.0',
      stationVersion: '1.0.0',
      message: 'The release manifest is signed by another key',
    });
    await waitFor(() => remote?.waitingReports === 1, { what: 'the report to wait for a sign-in' });
    expect(trail().some((e) => e.action === 'station.report')).toBe(false);

    await signIn('vera');
    const entry = await waitFor(() => trail().find((e) => e.action === 'station.report'), {
      what: 'the report on the central engine',
    });
    expect(entry).toMatchObject({ actor: 'vera', role: 'viewer', outcome: 'ok' });
    expect(entry.details).toMatchObject({
      params: {
        action: 'update.refused',
        outcome: 'refused',
        version: '1.1.0',
        stationVersion: '1.0.0',
        message: 'The release manifest is signed by another key (by the station itself)',
      },
    });
    expect(remote?.waitingReports).toBe(0);
  });

  it('a viewer reads the station here but cannot change its settings; the central engine still answers the rest', async () => {
    const window = await openWindow();
    const status = await window.request('station.status', {});
    // This station's updater (packaged, 1.0.0), not the central engine's `serve` (unmanaged).
    expect(status).toMatchObject({ managed: true, version: '1.0.0', autoCheck: true });
    const devices = await window.request('devices.list', {});
    expect(devices.map((d) => d.id)).toContain('device-001');

    const refused = await window.request('station.settings', { autoCheck: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { required: 'admin', role: 'viewer' } });
    expect((await window.request('station.status', {})).autoCheck).toBe(true);
    const invalid = await window.request('station.install', { when: 'tomorrow' } as never).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'FORBIDDEN' }); // the role rule before the parameters, as the engine does
  });

  it('an admin changes the settings, and the station.changes stream shows it', async () => {
    await process.call({ call: 'signOut' });
    await signIn('ada');
    const window = await openWindow();
    const seen: boolean[] = [];
    window.subscribe('station.changes', {}, (s) => seen.push(s.autoCheck));
    const changed = await window.request('station.settings', { autoCheck: false });
    expect(changed.autoCheck).toBe(false);
    await waitFor(() => seen.includes(false), { what: 'the change on the stream' });
    const bad = await window.request('station.settings', { channel: 'nightly' } as never).catch((e: unknown) => e);
    expect(bad).toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [expect.objectContaining({ path: 'channel' })] },
    });
  });

  it('says the central engine cannot be reached, not "sign in", when it never answered who is signed in', async () => {
    const closed = await startServe(join(dir.path, 'gone'), { broker: { embedded: false } });
    const url = closed.server.url;
    await closed.stop();
    const host = new RemoteEngineHost({
      url,
      fingerprint: null,
      station: station.service,
      onSignedOut: () => {},
      onProblem: () => {},
    });
    const [windowEnd, linkEnd] = memoryPortPair();
    host.connect(linkEnd);
    const window = createClient(createPortChannel<ServerMessage, ClientMessage>(windowEnd));
    try {
      const refused = await window.request('station.status', {}).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('nothing answers') });
    } finally {
      window.close();
      host.stop();
    }
  });

  it('asks the central engine which alarms block an install', async () => {
    expect(await bridge.blockingAlarms()).toEqual([]);
    await running.engine.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(
        JSON.stringify([{ deviceId: 'device-001', sensorType: 'temperature', value: 99, timestamp: Date.now() }]),
      ),
    );
    const blocking = await waitFor(
      async () => {
        const list = await bridge.blockingAlarms();
        return list.length > 0 ? list : undefined;
      },
      { what: "the central engine's high alarm" },
    );
    expect(blocking).toEqual([expect.objectContaining({ device: 'device-001', priority: 'high' })]);
  });
});
