import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { FakeApp } from '../testing/electron-fakes';
import { StationBridge } from './station-bridge';
import { createStationUpdates, publicKeyPath, readAppUpdateConfig } from './station-updates';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function folder(): string {
  const dir = makeTempDir('watchfloor-station-updates-');
  dirs.push(dir);
  return dir.path;
}

function yml(text: string): string {
  const file = join(folder(), 'app-update.yml');
  writeFileSync(file, text);
  return file;
}

describe("the installer's update configuration", () => {
  it('takes the feed and channel of a generic provider, as electron-builder writes them', () => {
    expect(
      readAppUpdateConfig(
        yml(
          "provider: generic\nurl: 'https://updates.plant.example/watchfloor'\nchannel: beta\nupdaterCacheDirName: watchfloor-updater\n",
        ),
      ),
    ).toEqual({ feed: 'https://updates.plant.example/watchfloor', channel: 'beta' });
    expect(readAppUpdateConfig(yml('provider: generic\nurl: https://u.example/wf\nchannel: latest\n'))).toEqual({
      feed: 'https://u.example/wf',
      channel: 'stable',
    });
    expect(readAppUpdateConfig(yml('provider: generic\nurl: "file:///mnt/share/watchfloor"  \n'))).toEqual({
      feed: 'file:///mnt/share/watchfloor',
      channel: 'stable',
    });
  });

  it('has no feed without the file, for another provider, or without a url; an unknown channel is stable', () => {
    expect(readAppUpdateConfig(join(folder(), 'app-update.yml'))).toEqual({ feed: null, channel: 'stable' });
    expect(readAppUpdateConfig(yml('provider: github\nowner: someone\nrepo: watchfloor\n'))).toEqual({
      feed: null,
      channel: 'stable',
    });
    expect(readAppUpdateConfig(yml('provider: generic\nchannel: nightly\n'))).toEqual({
      feed: null,
      channel: 'stable',
    });
  });

  it('reads the release public key from the resources once packaged, from build/ in development', () => {
    expect(publicKeyPath({ isPackaged: true }, '/opt/Watchfloor/resources', '/src/watchfloor')).toBe(
      '/opt/Watchfloor/resources/update-signing-key.pem',
    );
    expect(publicKeyPath({ isPackaged: false }, '/opt/Watchfloor/resources', '/src/watchfloor')).toBe(
      '/src/watchfloor/build/update-signing-key.pem',
    );
  });
});

describe("the station's updater as the shell builds it", () => {
  const bridge = new StationBridge({ host: () => undefined });

  it('says updates are not managed, and why, when the release public key is missing', async () => {
    const app = new FakeApp(folder());
    app.isPackaged = true;
    const resources = folder();
    const logs: string[] = [];
    const updates = createStationUpdates({
      app,
      updater: { createUpdater: () => ({}) as never, httpExecutor: {} as never },
      resourcesPath: resources,
      appRoot: folder(),
      quit: () => {},
      bridge,
      log: (m) => logs.push(m),
    });
    const status = await updates.port.status();
    expect(status.managed).toBe(false);
    expect(status.unmanagedReason).toContain(join(resources, 'update-signing-key.pem'));
    expect(logs[0]).toContain('updates are off');
    await expect(Promise.resolve().then(() => updates.port.check())).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it("says so without the updater's Electron parts", async () => {
    const updates = createStationUpdates({
      app: new FakeApp(folder()),
      updater: undefined,
      resourcesPath: folder(),
      appRoot: folder(),
      quit: () => {},
      bridge,
      log: () => {},
    });
    expect(await updates.port.status()).toMatchObject({
      managed: false,
      unmanagedReason: expect.stringContaining('no updater'),
    });
  });

  it('builds the service on the installer’s feed with the development key from build/', async () => {
    const root = folder();
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'update-signing-key.pem'), 'not read until a manifest is checked');
    const resources = folder();
    writeFileSync(
      join(resources, 'app-update.yml'),
      'provider: generic\nurl: https://updates.example/wf\nchannel: beta\n',
    );
    const app = new FakeApp(folder());
    const updates = createStationUpdates({
      app,
      updater: { createUpdater: () => ({}) as never, httpExecutor: {} as never },
      resourcesPath: resources,
      appRoot: root,
      quit: () => {},
      bridge,
      log: () => {},
    });
    // A development run: the UpdateService itself says nothing is installed here (not the missing-key reason).
    const status = await updates.port.status();
    expect(status.managed).toBe(false);
    expect(status.unmanagedReason).toContain('development run');
  });
});
