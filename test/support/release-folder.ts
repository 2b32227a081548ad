// A release folder as electron-builder leaves it, for the release tools' tests: an installer of
// random bytes, its blockmap, and the channel's manifest (latest-linux.yml, beta.yml…) naming the
// installer with its size and base64 sha512, written as electron-builder writes it. Unsigned:
// the tests sign it with `watchfloor release sign`, as a release manager would.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReleaseFolder {
  dir: string;
  manifest: string;
  installer: string;
  installerName: string;
}

const INSTALLER: Record<'linux' | 'win' | 'mac', (v: string) => string> = {
  linux: (v) => `Watchfloor-${v}.AppImage`,
  win: (v) => `Watchfloor Setup ${v}.exe`,
  mac: (v) => `Watchfloor-${v}-mac.zip`,
};

export function writeReleaseFolder(
  dir: string,
  {
    version = '1.2.0',
    platform = 'linux',
    channel = 'stable',
    size = 256 * 1024,
    installer,
  }: {
    version?: string;
    platform?: 'linux' | 'win' | 'mac';
    channel?: 'stable' | 'beta';
    size?: number;
    /** The installer's file name (default: the platform's first target, e.g. the AppImage). */
    installer?: string;
  } = {},
): ReleaseFolder {
  mkdirSync(dir, { recursive: true });
  const installerName = installer ?? INSTALLER[platform](version);
  const bytes = randomBytes(size);
  const blockmap = randomBytes(512);
  writeFileSync(join(dir, installerName), bytes);
  writeFileSync(join(dir, `${installerName}.blockmap`), blockmap);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  const suffix = platform === 'linux' ? '-linux' : platform === 'mac' ? '-mac' : '';
  const manifest = join(dir, `${channel === 'stable' ? 'latest' : channel}${suffix}.yml`);
  writeFileSync(
    manifest,
    [
      `version: ${version}`,
      'files:',
      `  - url: ${installerName}`,
      `    sha512: ${sha512}`,
      `    size: ${size}`,
      `    blockMapSize: ${blockmap.length}`,
      `path: ${installerName}`,
      `sha512: ${sha512}`,
      `releaseDate: '2026-12-01T10:00:00.000Z'`,
      '',
    ].join('\n'),
  );
  return { dir, manifest, installer: join(dir, installerName), installerName };
}
