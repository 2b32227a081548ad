// An offline bundle made by `watchfloor release bundle` is what a station imports: the updater
// (electron-updater's real DebUpdater behind the UpdateService, as in updates-verify.test.ts)
// takes a bundle from the release tools with no network, and refuses one whose installer was
// changed on the way, with the reason and an audit entry. The tools and the station agree on
// names, manifest and signature because this test runs both.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process';
import { writeReleaseFolder } from '../support/release-folder';
import { tempDirs } from '../support/temp-dir';
import { makeStation } from '../support/update-feed';

const dirs = tempDirs('wf-release-import-');
afterEach(() => dirs.removeAll());

const admin = { user: 'ida', role: 'admin' as const };

/** keygen → a Debian release signed with release notes → an offline bundle of it. */
async function bundleFromTheTools(root: string) {
  const keys = await runCli(['release', 'keygen', '--out', join(root, 'keys')]);
  expect(keys.code, keys.stderr).toBe(0);
  const release = writeReleaseFolder(join(root, 'release'), {
    version: '1.1.0',
    installer: 'watchfloor_1.1.0_amd64.deb',
  });
  writeFileSync(join(root, 'notes.md'), 'Trend export keeps the unit');
  const sign = await runCli([
    'release',
    'sign',
    release.manifest,
    '--key',
    join(root, 'keys', 'release.key'),
    '--notes',
    join(root, 'notes.md'),
  ]);
  expect(sign.code, sign.stderr).toBe(0);
  const publicKeyPem = readFileSync(join(root, 'keys', 'update-signing-key.pem'), 'utf8');
  const bundle = join(root, 'usb', 'watchfloor-1.1.0');
  const made = await runCli([
    'release',
    'bundle',
    '--from',
    release.dir,
    '--out',
    bundle,
    '--platform',
    'linux',
    '--key',
    join(root, 'keys', 'update-signing-key.pem'),
  ]);
  expect(made.code, made.stdout + made.stderr).toBe(0);
  return { bundle, publicKeyPem, installer: join(bundle, release.installerName) };
}

describe('offline bundles from the release tools, imported by a station', { timeout: 120_000 }, () => {
  it('a station with no feed takes the bundle: verified, downloaded, release notes shown', async () => {
    const { bundle, publicKeyPem } = await bundleFromTheTools(dirs.make());
    const station = makeStation(dirs.make(), { version: '1.0.0', keys: { publicKeyPem }, feed: null });

    const status = await station.service.importBundle(bundle, admin);
    expect(status).toMatchObject({
      state: 'downloaded',
      problem: null,
      available: { version: '1.1.0', source: 'bundle', releaseNotes: 'Trend export keeps the unit' },
    });
    expect(station.audits.map((a) => a.action)).toContain('update.downloaded');
  });

  it('a bundle whose installer changed after it was made is refused (checksum), with an audit entry', async () => {
    const { bundle, publicKeyPem, installer } = await bundleFromTheTools(dirs.make());
    const bytes = readFileSync(installer);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(installer, bytes);
    const station = makeStation(dirs.make(), { version: '1.0.0', keys: { publicKeyPem }, feed: null });

    const status = await station.service.importBundle(bundle, admin);
    expect(status).toMatchObject({ state: 'refused', problem: { kind: 'checksum' } });
    expect(station.audits).toContainEqual(expect.objectContaining({ action: 'update.refused', outcome: 'refused' }));
  });
});
