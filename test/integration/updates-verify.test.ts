// The updater against a loopback feed, with electron-updater's real DebUpdater and Node's HTTP:
// a newer signed release is found, downloaded and verified (station.check answers when the download
// begins; it goes on in the background), from an http or https feed; a tampered installer, a tampered,
// unsigned or foreign-signed manifest and a downgrade are refused with the reason and an audit
// entry, and nothing is downloaded or installed from them.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../src/main/release/signature';
import {
  makeStation,
  resign,
  startFeedServer,
  tamperInstaller,
  tamperManifest,
  writeRelease,
  type FeedServer,
} from '../support/update-feed';
import { makeSelfSigned } from '../support/self-signed';
import { tempDirs } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { rmSync } from 'node:fs';

const dirs = tempDirs('wf-updates-');
let keys: ReleaseKeyPair;
let otherKeys: ReleaseKeyPair;
let feed: FeedServer | null = null;

beforeAll(() => {
  keys = generateReleaseKeyPair();
  otherKeys = generateReleaseKeyPair();
});

afterEach(async () => {
  await feed?.close();
  feed = null;
  dirs.removeAll();
});

async function feedWith(version: string, opts: { size?: number } = {}) {
  const release = writeRelease(dirs.make(), {
    version,
    keys,
    size: opts.size,
    releaseNotes: `What is new in ${version}`,
  });
  feed = await startFeedServer(release.dir);
  return release;
}

const downloads = (f: FeedServer) => f.requests.filter((r) => r.path.endsWith('.deb'));

describe('updates from a signed feed', () => {
  it('finds a newer release, downloads it in the background and reports it verified', async () => {
    const release = await feedWith('1.1.0', { size: 3 * 1024 * 1024 });
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed!.url });
    const status = await s.service.checkToEnd();

    expect(status).toMatchObject({
      managed: true,
      version: '1.0.0',
      channel: 'stable',
      state: 'downloaded',
      problem: null,
    });
    expect(status.available).toMatchObject({
      version: '1.1.0',
      source: 'feed',
      size: release.size,
      releaseNotes: 'What is new in 1.1.0',
      releaseDate: '2026-12-01T10:00:00.000Z',
    });
    expect(status.lastCheck).not.toBeNull();
    // the manifest, its signature, then the installer
    expect(feed!.requests.map((r) => r.path)).toEqual([
      '/latest-linux.yml',
      '/latest-linux.yml.sig',
      '/watchfloor_1.1.0_amd64.deb',
    ]);
    const states = s.statuses.map((x) => x.state);
    expect(states).toContain('checking');
    expect(states).toContain('downloading');
    expect(s.statuses.some((x) => x.progress && x.progress.total === release.size)).toBe(true);
    expect(s.audits).toEqual([
      expect.objectContaining({
        action: 'update.downloaded',
        outcome: 'ok',
        version: '1.1.0',
        stationVersion: '1.0.0',
        actor: 'station',
      }),
    ]);
    expect(s.installs).toEqual([]);
    expect(s.app.quits).toBe(0);

    // A second check finds the same release: nothing downloaded again, nothing audited again.
    const again = await s.service.checkToEnd();
    expect(again.state).toBe('downloaded');
    expect(downloads(feed!)).toHaveLength(1);
    expect(s.audits).toHaveLength(1);
  });

  it('answers station.check once the download begins, and downloads in the background', async () => {
    const release = await feedWith('1.1.0');
    let deliver = () => {};
    feed!.holdInstallers = new Promise<void>((resolve) => (deliver = resolve)); // a slow link
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed!.url });
    const tampered = writeRelease(dirs.make(), { version: '1.2.0', keys });
    tamperManifest(tampered);
    const refused = await s.service.importBundle(tampered.dir, { user: 'ada', role: 'admin' });
    expect(refused.problem).toMatchObject({ kind: 'signature' });

    const answer = await s.service.check();
    // Downloading, and the bundle's refusal no longer shown as if it were this release's.
    expect(answer).toMatchObject({
      state: 'downloading',
      problem: null,
      available: { version: '1.1.0', size: release.size },
    });
    expect(s.audits.map((a) => a.action)).toEqual(['update.refused']); // nothing is verified yet

    deliver();
    await waitFor(async () => (await s.service.status()).state === 'downloaded', { what: 'the background download' });
    expect(s.statuses.at(-1)).toMatchObject({ state: 'downloaded', problem: null });
    expect(s.audits.at(-1)).toMatchObject({ action: 'update.downloaded', version: '1.1.0' });
    // Asked again meanwhile or after, it answers at once with what it has.
    expect((await s.service.check()).state).toBe('downloaded');
    // That check goes on in the background (the feed asked again, the cached file looked at):
    // let it end before the test removes the station's folders under it.
    expect((await s.service.checkToEnd()).state).toBe('downloaded');
  });

  it('is up to date when the feed offers the running version', async () => {
    await feedWith('1.0.0');
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed!.url });
    const status = await s.service.checkToEnd();
    expect(status).toMatchObject({ state: 'up-to-date', available: null, problem: null });
    expect(downloads(feed!)).toEqual([]);
    expect(s.audits).toEqual([]);
  });

  it('refuses an installer changed after signing (sha512) and keeps nothing of it', async () => {
    const release = await feedWith('1.1.0');
    tamperInstaller(release);
    const root = dirs.make();
    const s = makeStation(root, { version: '1.0.0', keys, feed: feed!.url });
    const status = await s.service.checkToEnd();

    expect(status.state).toBe('refused');
    expect(status.problem).toMatchObject({ kind: 'checksum' });
    expect(status.problem!.message).toMatch(/does not match the signed manifest.*sha512 checksum mismatch/);
    expect(status.available).toBeNull();
    expect(downloads(feed!)).toHaveLength(1);
    expect(s.audits).toEqual([
      expect.objectContaining({ action: 'update.refused', outcome: 'refused', version: '1.1.0', actor: 'station' }),
    ]);
    const pending = join(root, 'cache', 'watchfloor-updater', 'pending');
    expect(existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.deb')) : []).toEqual([]);
    await expect(s.service.install('now', { user: 'olga', role: 'operator' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(s.installs).toEqual([]);
  });

  it.each([
    [
      'a manifest changed after signing',
      'signature',
      /changed after it was signed/,
      (r: ReturnType<typeof writeRelease>) => tamperManifest(r),
    ],
    [
      'a manifest signed with another key',
      'wrong-key',
      /signed with key [0-9a-f]{16}, not with this station's release key/,
      (r: ReturnType<typeof writeRelease>) => resign(r, otherKeys),
    ],
    [
      'a manifest without a signature',
      'unsigned',
      /no signature file/,
      (r: ReturnType<typeof writeRelease>) => rmSync(`${r.manifest}.sig`),
    ],
  ])('refuses %s before downloading anything', async (_name, kind, message, spoil) => {
    const release = await feedWith('1.1.0');
    spoil(release);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed!.url });
    const status = await s.service.checkToEnd();

    expect(status.state).toBe('refused');
    expect(status.problem).toMatchObject({ kind });
    expect(status.problem!.message).toMatch(message);
    expect(downloads(feed!)).toEqual([]);
    expect(s.audits).toEqual([
      expect.objectContaining({ action: 'update.refused', outcome: 'refused', actor: 'station' }),
    ]);
    expect(s.audits[0]!.message).toMatch(message);
  });

  it('refuses a downgrade with a clear reason, even when it is properly signed', async () => {
    await feedWith('0.9.0');
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed!.url });
    const status = await s.service.checkToEnd();

    expect(status.state).toBe('refused');
    expect(status.problem).toMatchObject({ kind: 'downgrade' });
    expect(status.problem!.message).toBe(
      'the feed offers 0.9.0, older than the 1.0.0 this station runs: a downgrade is refused',
    );
    expect(downloads(feed!)).toEqual([]);
    expect(s.audits).toEqual([expect.objectContaining({ action: 'update.refused', version: '0.9.0' })]);
  });

  it('reads an https feed through the same verification, and names a certificate it does not trust', async () => {
    const release = writeRelease(dirs.make(), { version: '1.1.0', keys });
    const certificate = makeSelfSigned(dirs.make(), 'feed');
    feed = await startFeedServer(release.dir, { cert: certificate.cert, key: certificate.key });
    expect(feed.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url, ca: certificate.cert });
    expect(await s.service.checkToEnd()).toMatchObject({ state: 'downloaded', available: { version: '1.1.0' } });
    expect(feed.requests.map((r) => r.path)).toEqual([
      '/latest-linux.yml',
      '/latest-linux.yml.sig',
      '/watchfloor_1.1.0_amd64.deb',
    ]);

    // A station that does not trust the feed's certificate: unreachable, saying why; nothing fetched.
    const before = feed.requests.length;
    const untrusting = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feed.url });
    const status = await untrusting.service.checkToEnd();
    expect(status).toMatchObject({ state: 'error', problem: { kind: 'unreachable' } });
    expect(status.problem!.message).toBe(
      `the update feed at ${new URL(feed.url).host} presented a TLS certificate this station does not trust (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
    expect(feed.requests.length).toBe(before);
    expect(untrusting.audits).toEqual([]);
  });

  it('reads a folder feed (path or file: URL) through the same loopback download and verification', async () => {
    const release = writeRelease(dirs.make(), { version: '1.2.0', keys });
    for (const feedSetting of [release.dir, `file://${release.dir}`]) {
      const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: feedSetting });
      const status = await s.service.checkToEnd();
      expect(status).toMatchObject({
        state: 'downloaded',
        feed: feedSetting,
        available: { version: '1.2.0', source: 'feed' },
      });
      expect(new Set(s.executor.hosts.map((h) => h.split(':')[0]))).toEqual(new Set(['127.0.0.1']));
    }
    tamperInstaller(release);
    const s = makeStation(dirs.make(), { version: '1.0.0', keys, feed: release.dir });
    expect((await s.service.checkToEnd()).problem).toMatchObject({ kind: 'checksum' });
  });
});
