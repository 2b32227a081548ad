// The admin's update settings: validated (a feed is an http(s) URL or an existing folder),
// persisted atomically and read back by the next run of the service, audited; a damaged settings
// file falls back to the defaults with a line in the log; a new channel drops the downloaded
// release and checks the new one; start at login goes to the OS switch. A development run is not
// managed, and says why.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import { UpdateService } from '../../src/main/shell/updates/update-service';
import {
  makeStation,
  NodeHttpExecutor,
  startFeedServer,
  testApp,
  writeRelease,
  type FeedServer,
} from '../support/update-feed';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('wf-updates-settings-');
const ada = { user: 'ada', role: 'admin' as const };
let keys: ReleaseKeyPair;
let feed: FeedServer | null = null;

beforeAll(() => {
  keys = generateReleaseKeyPair();
});

afterEach(async () => {
  await feed?.close();
  feed = null;
  dirs.removeAll();
});

describe('update settings', () => {
  it('persists the admin’s choices across a restart of the service, and audits them', async () => {
    const root = dirs.make();
    const folder = dirs.make();
    const s = makeStation(root, { version: '1.0.0', keys, feed: 'https://updates.example.com/watchfloor' });
    expect(await s.service.status()).toMatchObject({
      channel: 'stable',
      feed: 'https://updates.example.com/watchfloor',
      autoCheck: true,
      maintenanceWindow: null,
    });
    await s.service.settings(
      {
        channel: 'beta',
        feed: pathToFileURL(folder).href,
        autoCheck: false,
        maintenanceWindow: { start: '23:30', end: '01:00' },
      },
      ada,
    );
    expect(readdirSync(dirname(s.settingsFile)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(s.audits.filter((a) => a.action === 'update.settings')).toEqual([
      expect.objectContaining({
        outcome: 'ok',
        actor: 'ada',
        message: expect.stringMatching(/channel beta.*automatic checks off.*maintenance window 23:30–01:00/),
      }),
    ]);

    const again = makeStation(root, { version: '1.0.0', keys, feed: 'https://updates.example.com/watchfloor' });
    expect(await again.service.status()).toMatchObject({
      channel: 'beta',
      feed: pathToFileURL(folder).href,
      autoCheck: false,
      maintenanceWindow: { start: '23:30', end: '01:00' },
    });
    await again.service.settings({ feed: null }, ada);
    expect((await again.service.status()).feed).toBe('https://updates.example.com/watchfloor');
  });

  it('refuses a feed that is neither an http(s) URL nor an existing folder, and changes nothing', async () => {
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: null });
    const file = `${dirs.make()}/file.txt`;
    writeFileSync(file, 'x');
    for (const bad of [
      'ftp://updates.example.com/',
      'updates/watchfloor',
      '/no/such/folder',
      pathToFileURL(file).href,
      'https://',
    ]) {
      await expect(s.service.settings({ feed: bad, channel: 'beta' }, ada), bad).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    expect(await s.service.status()).toMatchObject({ feed: null, channel: 'stable' });
    expect(s.audits).toEqual([]);
  });

  it('falls back to the defaults when the settings file is damaged, and says so in the log', async () => {
    const root = dirs.make();
    const settingsFile = join(root, 'userData', 'updates.json');
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, '{"channel": "beta", "autoCheck": ');
    const s = makeStation(root, { version: '1.0.0', keys, feed: null });
    expect(s.settingsFile).toBe(settingsFile);
    expect(await s.service.status()).toMatchObject({ channel: 'stable', autoCheck: true });
    expect(s.logs.join('\n')).toMatch(/updates\.json is damaged .*using the defaults/);
  });

  it('drops the downloaded release when the channel changes, and checks the new channel', async () => {
    const dir = dirs.make();
    writeRelease(dir, { version: '1.1.0', keys });
    writeRelease(dir, { version: '1.2.0-beta.1', keys, channel: 'beta' });
    feed = await startFeedServer(dir);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    expect((await s.service.checkToEnd()).available?.version).toBe('1.1.0');

    const changed = await s.service.settings({ channel: 'beta' }, ada);
    expect(changed.available).toBeNull();
    expect(['idle', 'checking']).toContain(changed.state);
    await expect
      .poll(async () => (await s.service.status()).available?.version, { timeout: 5000 })
      .toBe('1.2.0-beta.1');
    expect((await s.service.status()).state).toBe('downloaded');
    expect(feed.requests.map((r) => r.path)).toContain('/beta-linux.yml.sig');
  });

  it('switches start at login through the OS, and refuses where the OS cannot', async () => {
    let on = false;
    const s = makeStation(dirs.make(), {
      version: '1.0.0',
      keys,
      feed: null,
      loginItem: { get: () => on, set: (v) => void (on = v) },
    });
    expect((await s.service.settings({ startAtLogin: true }, ada)).startAtLogin).toBe(true);
    expect(on).toBe(true);
    const without = makeStation(dirs.make(), { version: '1.0.0', keys, feed: null });
    expect((await without.service.status()).startAtLogin).toBeNull();
    await expect(without.service.settings({ startAtLogin: true }, ada)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('is not managed in a development run, and says why', async () => {
    const app = { ...testApp(dirs.make(), '1.0.0'), isPackaged: false };
    const service = new UpdateService({
      app,
      createUpdater: () => {
        throw new Error('no updater in a development run');
      },
      httpExecutor: new NodeHttpExecutor(),
      publicKeyPem: keys.publicKeyPem,
      settingsFile: `${app.userDataPath}/updates.json`,
      defaultFeed: 'https://updates.example.com/',
      defaultChannel: 'stable',
      blockingAlarms: () => Promise.resolve([]),
      audit: () => {},
    });
    service.start();
    expect(await service.status()).toMatchObject({
      managed: false,
      unmanagedReason: expect.stringMatching(/development run/),
    });
    await expect(service.checkToEnd()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    service.stop();
  });
});
