// What the release tools accept as a release manifest, and what they do to one: electron-builder's
// channel file names, refusals that name what is missing, names that would leave the folder, and
// the release manager's two fields written without disturbing the rest.
import { describe, expect, it } from 'vitest';
import { changeManifest, manifestFileName, parseReleaseManifest } from './release-manifest';

const SHA = 'uV2rwMmueCT9xjqFwdal1SJ8MW+OTlm/+5v6+yQUhv1OkoUcSZt4CaYSMhbyrBdQq4rsaV1ADgD6WaQbXRpNAg==';
const manifest = (files: string, version = '1.4.0') =>
  Buffer.from(`version: ${version}\nfiles:\n${files}\npath: Watchfloor-1.4.0.AppImage\nsha512: ${SHA}\n`);
const appImage = `  - url: Watchfloor-1.4.0.AppImage\n    sha512: ${SHA}\n    size: 1024\n`;

describe('release manifests', () => {
  it('names channel files as electron-updater asks for them', () => {
    expect(manifestFileName('stable', 'linux')).toBe('latest-linux.yml');
    expect(manifestFileName('stable', 'win')).toBe('latest.yml');
    expect(manifestFileName('beta', 'mac')).toBe('beta-mac.yml');
    expect(manifestFileName('beta', 'linux', 'arm64')).toBe('beta-linux-arm64.yml');
  });

  it('reads the version and the files, the deprecated top-level path folded in', () => {
    const parsed = parseReleaseManifest(manifest(appImage), 'latest-linux.yml');
    expect(parsed.version).toBe('1.4.0');
    expect(parsed.files).toEqual([{ name: 'Watchfloor-1.4.0.AppImage', sha512: SHA, size: 1024 }]);
  });

  it('refuses what is not a release manifest, saying why', () => {
    const refuse = (text: string | Buffer) => () => parseReleaseManifest(Buffer.from(text), 'x.yml');
    expect(refuse('provider: generic\nurl: https://u.example/\n')).toThrow(
      'x.yml is not a release manifest: it has no version',
    );
    expect(refuse('version: 1.4.0\nfiles: []\n')).toThrow('it names no files');
    expect(refuse(manifest(appImage, 'latest'))).toThrow('its version "latest" is not a semver version');
    expect(refuse(`version: 1.4.0\nfiles:\n  - url: a.exe\n`)).toThrow('a.exe has no sha512');
    expect(refuse('version: [1.4.0\n')).toThrow('it is not YAML');
  });

  it('refuses file names that would reach outside the manifest’s folder', () => {
    for (const url of ['../../etc/passwd', 'sub/Watchfloor.exe', '..\\evil.exe', 'https://elsewhere.example/x.exe']) {
      expect(() => parseReleaseManifest(manifest(`  - url: '${url}'\n    sha512: ${SHA}\n`), 'x.yml')).toThrow(
        'not a file beside the manifest',
      );
    }
  });

  it('sets staging and notes and keeps every other field; no change keeps the bytes', () => {
    const original = manifest(appImage);
    expect(changeManifest(original, {}, 'x.yml')).toBe(original);
    const changed = changeManifest(original, { stagingPercentage: 20, releaseNotes: '- fixes: many\n- "more"' }, 'x');
    const parsed = parseReleaseManifest(changed, 'x.yml');
    expect(parsed).toMatchObject({ version: '1.4.0', stagingPercentage: 20 });
    expect(parsed.files).toEqual(parseReleaseManifest(original, 'x.yml').files);
    expect(changed.toString()).toContain('releaseNotes: |-\n  - fixes: many\n  - "more"');
  });
});
