// Air-gapped sites: an offline bundle (installer + manifest + .sig) imported from a folder goes
// through exactly the same verification as a feed — served on loopback, signature before download,
// sha512 after — with no request leaving 127.0.0.1. A folder that is not a bundle for this station
// is refused with the reason; a refused bundle does not cost the release already downloaded.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import {
  makeStation,
  resign,
  startFeedServer,
  tamperInstaller,
  writeRelease,
  type FeedServer,
} from '../support/update-feed';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('wf-updates-offline-');
const admin = { user: 'ada', role: 'admin' as const };
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

const onlyLoopback = (hosts: string[]) => new Set(hosts.map((h) => h.split(':')[0]));

describe('offline bundles', () => {
  it('imports a signed bundle from a folder with no network but loopback, and installs it with consent', async () => {
    const bundle = writeRelease(dirs.make(), { version: '1.3.0', keys, releaseNotes: 'Offline release' });
    // The station's feed is somewhere it cannot reach (an air-gapped site).
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: 'https://updates.example.invalid/watchfloor' });
    const status = await s.service.importBundle(bundle.dir, admin);

    expect(status).toMatchObject({
      state: 'downloaded',
      problem: null,
      available: { version: '1.3.0', source: 'bundle', releaseNotes: 'Offline release' },
    });
    expect(s.executor.hosts.length).toBeGreaterThanOrEqual(3); // manifest, signature, installer
    expect(onlyLoopback(s.executor.hosts)).toEqual(new Set(['127.0.0.1']));
    expect(s.audits).toEqual([
      expect.objectContaining({ action: 'update.downloaded', version: '1.3.0', actor: 'station' }),
    ]);
    expect(s.audits[0]!.message).toMatch(/offline bundle/);

    await s.service.install('now', { user: 'olga', role: 'operator' });
    expect(s.installs).toHaveLength(1);
    expect(s.installs[0]).toMatch(/watchfloor_1\.3\.0_amd64\.deb$/);
  });

  it('refuses a folder that is not a bundle for this station, with the reason', async () => {
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: null });
    const empty = dirs.make();
    await expect(s.service.importBundle(empty, admin)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/holds no release manifest \(latest-linux\.yml\)/),
    });
    const mac = writeRelease(dirs.make(), { version: '1.3.0', keys, manifestName: 'latest-mac.yml' });
    await expect(s.service.importBundle(mac.dir, admin)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/This bundle is for macOS \(latest-mac\.yml\), not for this station \(Linux/),
    });
    await expect(s.service.importBundle('relative/folder', admin)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const file = join(dirs.make(), 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(s.service.importBundle(file, admin)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(s.executor.hosts).toEqual([]);
    expect((await s.service.status()).state).toBe('idle');
  });

  it('refuses a tampered or foreign-signed bundle and keeps the release already downloaded', async () => {
    feed = await startFeedServer(writeRelease(dirs.make(), { version: '1.1.0', keys }).dir);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    expect((await s.service.checkToEnd()).available?.version).toBe('1.1.0');

    const tampered = writeRelease(dirs.make(), { version: '1.2.0', keys });
    tamperInstaller(tampered);
    const afterTamper = await s.service.importBundle(tampered.dir, admin);
    expect(afterTamper.problem).toMatchObject({ kind: 'checksum' });
    expect(afterTamper).toMatchObject({ state: 'downloaded', available: { version: '1.1.0', source: 'feed' } });

    const foreign = writeRelease(dirs.make(), { version: '1.2.0', keys });
    resign(foreign, generateReleaseKeyPair());
    const afterForeign = await s.service.importBundle(foreign.dir, admin);
    expect(afterForeign.problem).toMatchObject({ kind: 'wrong-key' });
    expect(afterForeign.available?.version).toBe('1.1.0');

    const unsigned = writeRelease(dirs.make(), { version: '1.2.0', keys });
    rmSync(`${unsigned.manifest}.sig`);
    expect((await s.service.importBundle(unsigned.dir, admin)).problem).toMatchObject({ kind: 'unsigned' });

    expect(s.audits.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'update.downloaded ok',
      'update.refused refused',
      'update.refused refused',
      'update.refused refused',
    ]);
    await s.service.install('now', { user: 'olga', role: 'operator' });
    expect(s.installs[0]).toMatch(/watchfloor_1\.1\.0_amd64\.deb$/);
  });

  it('keeps a newer bundle release when the feed later offers an older one', async () => {
    feed = await startFeedServer(writeRelease(dirs.make(), { version: '1.1.0', keys }).dir);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    const bundle = writeRelease(dirs.make(), { version: '1.3.0', keys });
    expect((await s.service.importBundle(bundle.dir, admin)).available?.version).toBe('1.3.0');
    const status = await s.service.checkToEnd();
    expect(status).toMatchObject({
      state: 'downloaded',
      problem: null,
      available: { version: '1.3.0', source: 'bundle' },
    });
    await s.service.install('now', { user: 'olga', role: 'operator' });
    expect(s.installs[0]).toMatch(/watchfloor_1\.3\.0_amd64\.deb$/);
  });

  it('refuses a bundle whose installer is missing', async () => {
    const bundle = writeRelease(dirs.make(), { version: '1.2.0', keys });
    rmSync(bundle.installer);
    mkdirSync(join(bundle.dir, 'extra'));
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: null });
    const status = await s.service.importBundle(bundle.dir, admin);
    expect(status.state).toBe('refused');
    expect(status.problem).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/offline bundle cannot be read.*404/),
    });
  });
});
