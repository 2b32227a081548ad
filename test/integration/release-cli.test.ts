// `watchfloor release keygen | sign | verify | bundle` as IT runs them: the built CLI on release
// folders shaped like electron-builder's output. What a release manager relies on: a signed,
// intact release verifies (exit 0); a changed manifest, a changed installer or another key each
// fail (exit 1) naming what is wrong; an offline bundle is made only from a good release and
// verifies itself; keygen never replaces a key. Needs `npm run build` first.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../src/main/release/signature';
import { runCli } from '../support/cli-process';
import { writeReleaseFolder } from '../support/release-folder';
import { makeTempDir } from '../support/temp-dir';

// Each case spawns the CLI several times (about a second each on a busy machine).
describe('watchfloor release', { timeout: 120_000 }, () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const at = (...parts: string[]) => join(tmp.path, ...parts);

  beforeEach(() => {
    tmp = makeTempDir('watchfloor-release-');
  });
  afterEach(() => tmp.remove());

  /** keygen into DIR; returns the key files and the id printed. */
  async function keygen(dir: string) {
    const made = await runCli(['release', 'keygen', '--out', at(dir)]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).not.toContain('git work tree');
    const publicKey = at(dir, 'update-signing-key.pem');
    return { privateKey: at(dir, 'release.key'), publicKey, keyId: keyIdOf(readFileSync(publicKey, 'utf8')) };
  }

  /** A release folder signed with `key`, the way the procedure says. */
  async function signedRelease(dir: string, key: string, options?: Parameters<typeof writeReleaseFolder>[1]) {
    const release = writeReleaseFolder(at(dir), options);
    const signed = await runCli(['release', 'sign', release.manifest, '--key', key]);
    expect(signed.code, signed.stderr).toBe(0);
    return release;
  }

  it('keygen → sign (staging, notes) → verify passes, one line per check', async () => {
    const keys = await keygen('keys');
    expect(statSync(keys.privateKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(keys.privateKey, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const release = writeReleaseFolder(at('rel'));
    writeFileSync(at('notes.md'), '## 1.2.0\n\n- Trend export keeps the unit\n');

    const sign = await runCli([
      'release',
      'sign',
      release.manifest,
      '--key',
      keys.privateKey,
      '--staging',
      '20',
      '--notes',
      at('notes.md'),
    ]);
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stdout).toContain(`Watchfloor 1.2.0, staged to 20 %) with release key ${keys.keyId}`);
    const manifest = readFileSync(release.manifest, 'utf8');
    expect(manifest).toMatch(/^stagingPercentage: 20$/m);
    expect(manifest).toContain('Trend export keeps the unit');
    expect(JSON.parse(readFileSync(`${release.manifest}.sig`, 'utf8'))).toMatchObject({ keyId: keys.keyId });

    const verify = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const lines = verify.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^ok\\s+signature\\s+signed with release key ${keys.keyId}$`));
    expect(lines[1]).toMatch(new RegExp(`^ok\\s+size\\s+${release.installerName}: 262144 bytes$`));
    expect(lines[2]).toMatch(new RegExp(`^ok\\s+sha512\\s+${release.installerName}: matches the manifest$`));
    expect(lines[3]).toBe('Watchfloor 1.2.0 (latest-linux.yml): all 3 checks passed');

    const json = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      version: string;
      checks: { check: string; ok: boolean }[];
    };
    expect(report).toMatchObject({ ok: true, version: '1.2.0' });
    expect(report.checks.map((c) => [c.check, c.ok])).toEqual([
      ['signature', true],
      ['size', true],
      ['sha512', true],
    ]);
  });

  it('fails naming the signature when one byte of the signed manifest changed', async () => {
    const keys = await keygen('keys');
    const release = await signedRelease('rel', keys.privateKey);
    const bytes = readFileSync(release.manifest);
    const version = bytes.indexOf('1.2.0');
    bytes[version + 2] = '9'.charCodeAt(0); // version: 1.9.0
    writeFileSync(release.manifest, bytes);

    const verify = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /^FAIL\s+signature\s+signature: the release manifest was changed after it was signed/m,
    );
    expect(verify.stdout).toMatch(/1 of 3 checks failed/);
  });

  it('fails naming sha512 when the installer changed after signing (same size)', async () => {
    const keys = await keygen('keys');
    const release = await signedRelease('rel', keys.privateKey);
    const bytes = readFileSync(release.installer);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(release.installer, bytes);

    const verify = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^ok\s+signature/m);
    expect(verify.stdout).toMatch(/^ok\s+size/m);
    expect(verify.stdout).toMatch(
      new RegExp(`^FAIL\\s+sha512\\s+${release.installerName}: does not match the manifest`, 'm'),
    );

    writeFileSync(release.installer, bytes.subarray(0, 100));
    const shorter = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey]);
    expect(shorter.stdout).toMatch(/^FAIL\s+size\s+.*: 100 bytes, the manifest says 262144$/m);

    rmSync(release.installer);
    const missing = await runCli(['release', 'verify', release.manifest, '--key', keys.publicKey]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      new RegExp(`^FAIL\\s+file\\s+${release.installerName}: missing beside the manifest$`, 'm'),
    );
  });

  it('fails naming both key ids when signed by another key; the default key is the app’s own', async () => {
    const ours = await keygen('ours');
    const theirs = await keygen('theirs');
    const release = await signedRelease('rel', theirs.privateKey);

    const verify = await runCli(['release', 'verify', release.manifest, '--key', ours.publicKey]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      `FAIL  signature  wrong-key: the release was signed with key ${theirs.keyId}, not with this station's release key ${ours.keyId}`,
    );

    const privateKey = await runCli(['release', 'verify', release.manifest, '--key', theirs.privateKey]);
    expect(privateKey.code).toBe(2);
    expect(privateKey.stderr).toContain('release.key is the private key: checks take the public key');

    // Without --key: build/update-signing-key.pem beside the app.
    const shipped = keyIdOf(readFileSync(join(process.cwd(), 'build', 'update-signing-key.pem'), 'utf8'));
    const byDefault = await runCli(['release', 'verify', release.manifest]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout).toContain(
      `signed with key ${theirs.keyId}, not with this station's release key ${shipped}`,
    );
  });

  it('bundles a good release into a folder that verifies by itself', async () => {
    const keys = await keygen('keys');
    const release = await signedRelease('rel', keys.privateKey, {
      version: '1.3.0-beta.1',
      platform: 'win',
      channel: 'beta',
    });
    writeReleaseFolder(at('rel'), { version: '1.2.0', platform: 'linux' }); // another platform, not bundled

    const bundle = await runCli([
      'release',
      'bundle',
      '--from',
      at('rel'),
      '--out',
      at('usb', 'watchfloor'),
      '--platform',
      'win',
      '--channel',
      'beta',
      '--key',
      keys.publicKey,
    ]);
    expect(bundle.code, bundle.stdout + bundle.stderr).toBe(0);
    expect(readdirSync(at('usb', 'watchfloor')).sort()).toEqual(
      ['README.txt', 'beta.yml', 'beta.yml.sig', release.installerName, `${release.installerName}.blockmap`].sort(),
    );
    expect(readFileSync(at('usb', 'watchfloor', release.installerName))).toEqual(readFileSync(release.installer));
    const readme = readFileSync(at('usb', 'watchfloor', 'README.txt'), 'utf8');
    expect(readme).toContain('Watchfloor 1.3.0-beta.1 — offline update bundle (Windows, beta channel)');
    expect(readme).toContain('Settings → About & updates → Import offline bundle');

    const verify = await runCli(['release', 'verify', at('usb', 'watchfloor', 'beta.yml'), '--key', keys.publicKey]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain('Watchfloor 1.3.0-beta.1 (beta.yml): all 3 checks passed');
  });

  it('refuses to bundle a tampered or unsigned release, and makes no bundle', async () => {
    const keys = await keygen('keys');
    const release = await signedRelease('rel', keys.privateKey);
    const bytes = readFileSync(release.installer);
    bytes[5] = bytes[5]! ^ 0x01;
    writeFileSync(release.installer, bytes);
    const args = ['release', 'bundle', '--from', at('rel'), '--out', at('usb'), '--platform', 'linux'];

    const tampered = await runCli([...args, '--key', keys.publicKey]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^FAIL\s+sha512/m);
    expect(tampered.stderr).toContain('refused to bundle Watchfloor 1.2.0: it fails its checks');
    expect(existsSync(at('usb'))).toBe(false);

    const unsigned = writeReleaseFolder(at('unsigned'));
    const refused = await runCli([...args.slice(0, 3), unsigned.dir, ...args.slice(4), '--key', keys.publicKey]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has no signature file (.sig)');
    expect(existsSync(at('usb'))).toBe(false);
  });

  it('keygen warns inside a git work tree and never overwrites a key; sign refuses what is not a release manifest', async () => {
    const keys = await keygen('keys');
    const before = readFileSync(keys.privateKey, 'utf8');
    mkdirSync(at('repo', '.git'), { recursive: true });
    const inRepo = await runCli(['release', 'keygen', '--out', at('repo', 'build')]);
    expect(inRepo.code).toBe(0);
    expect(inRepo.stderr).toContain(`${at('repo', 'build', 'release.key')} is inside the git work tree ${at('repo')}`);

    const again = await runCli(['release', 'keygen', '--out', at('keys')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('release.key already exists');
    expect(readFileSync(keys.privateKey, 'utf8')).toBe(before);

    writeFileSync(at('app-update.yml'), 'provider: generic\nurl: https://updates.example/\n');
    const sign = await runCli(['release', 'sign', at('app-update.yml'), '--key', keys.privateKey]);
    expect(sign.code).toBe(1);
    expect(sign.stderr).toContain('app-update.yml is not a release manifest: it has no version');
    expect(existsSync(at('app-update.yml.sig'))).toBe(false);

    // The public key where the private one belongs: said plainly, with no warning about its mode first.
    const release = writeReleaseFolder(at('rel-public'));
    const withPublic = await runCli(['release', 'sign', release.manifest, '--key', keys.publicKey]);
    expect(withPublic.code).toBe(1);
    expect(withPublic.stderr).toBe(
      `watchfloor: ${keys.publicKey} is the public key: release sign takes the private key (release.key)\n`,
    );
  });

  it('refuses a mistyped command line with exit 2', async () => {
    const release = writeReleaseFolder(at('rel'));
    for (const args of [
      ['release'],
      ['release', 'publish'],
      ['release', 'sign', release.manifest],
      ['release', 'sign', release.manifest, '--key', 'k', '--staging', '150'],
      ['release', 'verify', release.manifest, '--staging', '20'],
      ['release', 'bundle', '--from', at('rel')],
      ['release', 'bundle', '--from', at('rel'), '--out', at('b'), '--platform', 'solaris'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      // The mistake, then the release tools' own usage — not all of the help, which would push it off the screen.
      expect(r.stderr, args.join(' ')).toMatch(/^watchfloor: .+\n\nUsage:\n {2}watchfloor release keygen/);
      expect(r.stderr).toContain('Run "watchfloor help" for every command and option.');
      expect(r.stderr).not.toContain('watchfloor serve');
    }
    const help = await runCli(['help']);
    expect(help.stdout).toContain('watchfloor release sign MANIFEST --key FILE');
  });
});
