// The station's updater wired to its own engine, every piece real but Electron itself: the shell's
// EngineProcess forks the engine host (here in this process, messages structured-cloned), which runs
// a real Engine handed the StationProxy; the shell's StationBridge serves the real UpdateService
// (electron-updater's DebUpdater, its package manager step recorded) built by createStationUpdates
// from an installer's resources (app-update.yml, the release public key) against a loopback feed.
// A window signs in over its MessagePort and works `station.*` like the About screen: status, the
// changes stream, check; an install refused while the engine has an unacknowledged high alarm
// (INVALID_STATE, details.blockedBy intact across both process boundaries), allowed once it is
// acknowledged; and the updater's own events in the engine's audit trail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import { Engine as RealEngine } from '../../src/main/engine/engine';
import { generateReleaseKeyPair } from '../../src/main/release/signature';
import { EngineProcess } from '../../src/main/shell/engine-process';
import { hostedEngine } from '../../src/main/shell/hosted-engine';
import { StationBridge } from '../../src/main/shell/station/station-bridge';
import { createStationUpdates, type StationUpdates } from '../../src/main/shell/station/station-updates';
import { FakeApp, fakeMessageChannelClass } from '../../src/main/shell/testing/electron-fakes';
import { createPlatformUpdater } from '../../src/main/shell/updates/platform-updater';
import type { StationStatus } from '../../src/shared/contract/station';
import { EngineError } from '../../src/shared/errors';
import { IN_PROCESS } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createPortChannel } from '../../src/shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../src/shared/rpc/protocol';
import { invokeRequest } from '../../src/shared/rpc/server';
import { inProcessUtility, windowPort } from '../support/in-process-host';
import { makeTempDir } from '../support/temp-dir';
import {
  NodeHttpExecutor,
  recordInstalls,
  startFeedServer,
  writeRelease,
  type FeedServer,
} from '../support/update-feed';
import { waitFor } from '../support/wait';

const PASSWORD = 'station-password-1';

describe("the station's updater, wired to its own engine through the engine host", () => {
  const dir = makeTempDir('watchfloor-station-');
  const keys = generateReleaseKeyPair();
  const installs: string[] = [];
  const app = new FakeApp(join(dir.path, 'userData'));
  let feed: FeedServer;
  let engine: Engine | undefined;
  let process: EngineProcess;
  let bridge: StationBridge;
  let updates: StationUpdates;
  let client: ContractClient;
  const savedCache = globalThis.process.env.XDG_CACHE_HOME;

  beforeAll(async () => {
    app.isPackaged = true;
    globalThis.process.env.XDG_CACHE_HOME = join(dir.path, 'cache'); // electron-updater's download cache
    const release = writeRelease(join(dir.path, 'feed'), { version: '10.0.0', keys });
    feed = await startFeedServer(release.dir);
    // The installer's resources: its feed and channel, and the release public key.
    const resources = join(dir.path, 'resources');
    mkdirSync(resources, { recursive: true });
    writeFileSync(
      join(resources, 'app-update.yml'),
      `provider: generic\nurl: '${feed.url}'\nchannel: latest\nupdaterCacheDirName: watchfloor-updater\n`,
    );
    writeFileSync(join(resources, 'update-signing-key.pem'), keys.publicKeyPem);

    const config = parseConfig(
      mergeConfig(
        { dataDir: join(dir.path, 'data') },
        {
          broker: { embedded: false },
          server: { port: 0 },
          simulator: { enabled: false },
          detection: { kindDefaults: false }, // one reading past a limit raises an alarm here
        },
      ),
    );
    const { utilityProcess } = inProcessUtility({
      createEngine: (c, version, { newState, station }) => {
        engine = new RealEngine(c, { version, newState, station, log: () => {} });
        return hostedEngine(engine);
      },
      log: () => {},
    });
    bridge = new StationBridge({ host: () => process });
    process = new EngineProcess({
      utilityProcess,
      modulePath: 'engine-host.js',
      config,
      version: app.getVersion(),
      onReady: () => bridge.hostReady(),
      onStationMessage: (message, host) => bridge.fromHost(message, host),
    });
    updates = createStationUpdates({
      app,
      updater: {
        createUpdater: recordInstalls(createPlatformUpdater('linux', {}), installs),
        httpExecutor: new NodeHttpExecutor(),
      },
      resourcesPath: resources,
      appRoot: dir.path,
      quit: () => app.quit(),
      bridge,
      log: () => {},
    });
    bridge.serve(updates.port);
    process.start();
    await waitFor(() => process.ready, { what: 'the engine host to be ready', timeoutMs: 20_000 });
    updates.start();

    await invokeRequest(
      engine!.handlers(),
      'users.create',
      { name: 'olga', role: 'operator', areas: null, password: PASSWORD },
      IN_PROCESS,
    );
    const { MessageChannelMain } = fakeMessageChannelClass();
    const channel = new MessageChannelMain();
    process.connect(channel.port1);
    // A real MessagePortMain holds messages until the host starts it; the fake drops them.
    await waitFor(() => channel.port1.started, { what: 'the host to take the window port' });
    client = createClient(createPortChannel<ServerMessage, ClientMessage>(windowPort(channel.port2)));
    await client.request('auth.login', { user: 'olga', password: PASSWORD });
  }, 30_000);

  afterAll(async () => {
    client?.close();
    updates?.stop();
    await process?.stop();
    await feed?.close();
    globalThis.process.env.XDG_CACHE_HOME = savedCache;
    dir.remove();
  });

  it("answers a window's station.status from the shell's updater, with the installer's feed", async () => {
    const status = await client.request('station.status', {});
    expect(status).toMatchObject({ managed: true, version: '9.9.9', feed: feed.url, channel: 'stable' });
  });

  it("records an admin's settings change once, as the call with before and after", async () => {
    await invokeRequest(
      engine!.handlers(),
      'users.create',
      { name: 'ada', role: 'admin', areas: null, password: PASSWORD },
      IN_PROCESS,
    );
    const { MessageChannelMain } = fakeMessageChannelClass();
    const second = new MessageChannelMain();
    process.connect(second.port1);
    await waitFor(() => second.port1.started, { what: 'the host to take the second window port' });
    const admin = createClient(createPortChannel<ServerMessage, ClientMessage>(windowPort(second.port2)));
    try {
      await admin.request('auth.login', { user: 'ada', password: PASSWORD });
      const changed = await admin.request('station.settings', { maintenanceWindow: { start: '02:00', end: '04:00' } });
      expect(changed.maintenanceWindow).toEqual({ start: '02:00', end: '04:00' });
    } finally {
      admin.close();
    }
    const trail = engine!.services.auditLog.list({ limit: 100 }).items;
    expect(trail.filter((e) => e.action === 'station.settings')).toHaveLength(1);
    expect(trail.find((e) => e.action === 'station.settings')).toMatchObject({ actor: 'ada', outcome: 'ok' });
    expect(trail.filter((e) => e.action === 'update.settings')).toHaveLength(0);
  });

  it('downloads on station.check, and the window sees it on station.changes', async () => {
    const seen: StationStatus[] = [];
    const unsubscribe = client.subscribe('station.changes', {}, (status) => seen.push(status));
    const checked = await client.request('station.check', {});
    expect(checked.available?.version).toBe('10.0.0');
    await waitFor(() => seen.some((s) => s.state === 'downloaded'), {
      what: 'downloaded on the stream',
      timeoutMs: 15_000,
    });
    unsubscribe();
    // The updater's own event is in the engine's audit trail, as the station's.
    const entries = engine!.services.auditLog.list({ limit: 100 }).items;
    expect(entries.find((e) => e.action === 'update.downloaded')).toMatchObject({
      actor: 'station',
      role: null,
      client: 'station',
      target: '10.0.0',
      outcome: 'ok',
      details: { stationVersion: '9.9.9' },
    });
  });

  it('refuses to install during an unacknowledged high alarm of the engine, with the alarm, and installs once it is acknowledged', async () => {
    await waitFor(async () => (await client.request('station.status', {})).state === 'downloaded', {
      what: 'downloaded',
    });
    expect(await bridge.blockingAlarms()).toEqual([]);
    await engine!.services.pipeline.submit(
      'test',
      'limits',
      new TextEncoder().encode(
        JSON.stringify([{ deviceId: 'device-001', sensorType: 'temperature', value: 99, timestamp: Date.now() }]),
      ),
    );
    const [alarm] = await waitFor(
      async () => {
        const blocking = await bridge.blockingAlarms();
        return blocking.length > 0 ? blocking : undefined;
      },
      { what: 'the high alarm to block' },
    );
    expect(alarm).toMatchObject({ device: 'device-001', signal: 'temperature', priority: 'high' });

    const refused = await client.request('station.install', { when: 'now' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineError);
    expect(refused).toMatchObject({ code: 'INVALID_STATE', details: { blockedBy: [alarm] } });
    expect(installs).toEqual([]);
    expect(app.quitCalls).toBe(0);

    await client.request('alarms.acknowledge', { id: Number(alarm!.id), comment: 'valve closed by hand' });
    expect(await bridge.blockingAlarms()).toEqual([]);
    const installing = await client.request('station.install', { when: 'now' });
    expect(installing.state).toBe('installing');
    await waitFor(() => app.quitCalls === 1, { what: 'the quit through the adapter' });
    expect(installs).toHaveLength(1);
    const trail = engine!.services.auditLog.list({ limit: 100 }).items;
    expect(trail.find((e) => e.action === 'update.installing')).toMatchObject({
      actor: 'olga',
      client: 'station',
      target: '10.0.0',
    });
    expect(trail.find((e) => e.action === 'station.install' && e.outcome === 'failed')).toMatchObject({
      actor: 'olga',
    });
  });
});
