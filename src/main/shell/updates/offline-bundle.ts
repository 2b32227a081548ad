// Which manifest of an offline bundle (installer + manifest + .sig in a folder, from a USB stick
// or a share) this station reads: the one electron-builder writes for this platform, on the
// station's channel first. A folder without one is refused with the reason — the manifests it does
// hold name the platform the bundle was made for.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { EngineError } from '../../../shared/errors';
import type { UpdateChannel } from '../../../shared/contract/station';
import { channelFileName } from './platform-updater';

const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', win32: 'Windows', darwin: 'macOS' };

function platformOf(manifest: string): string {
  if (/-mac\.yml$/i.test(manifest)) return 'macOS';
  const linux = /-linux(?:-([a-z0-9]+))?\.yml$/i.exec(manifest);
  if (linux) return `Linux${linux[1] ? ` ${linux[1]}` : ' x64'}`;
  return 'Windows';
}

export function bundleManifest(
  files: string[],
  channel: UpdateChannel,
  platform: NodeJS.Platform,
  arch = process.arch,
): { name: string; channel: UpdateChannel } {
  const order: UpdateChannel[] = channel === 'beta' ? ['beta', 'stable'] : ['stable', 'beta'];
  for (const c of order) {
    const name = channelFileName(c === 'beta' ? 'beta' : 'latest', platform, arch);
    if (files.includes(name)) return { name, channel: c };
  }
  const wanted = channelFileName('latest', platform, arch);
  const here = `${PLATFORM_NAMES[platform] ?? platform}${platform === 'linux' ? ` ${arch}` : ''}`;
  const others = files.filter((f) => /^(latest|beta)(-[a-z0-9-]+)?\.yml$/i.test(f));
  if (others.length > 0) {
    throw new EngineError(
      'BAD_REQUEST',
      `This bundle is for ${platformOf(others[0]!)} (${others.join(', ')}), not for this station (${here}, which reads ${wanted})`,
    );
  }
  throw new EngineError(
    'BAD_REQUEST',
    `This folder holds no release manifest (${wanted}): an offline bundle is the installer, its manifest and the manifest's .sig`,
  );
}

/**
 * The app as the bundle's own updater sees it: its own download cache, so a refused bundle (whose
 * failed download clears the cache) cannot delete a release already downloaded from the feed.
 */
export function bundleAdapter(app: AppAdapter): AppAdapter {
  return {
    version: app.version,
    name: app.name,
    isPackaged: app.isPackaged,
    appUpdateConfigPath: app.appUpdateConfigPath,
    userDataPath: app.userDataPath,
    baseCachePath: join(app.baseCachePath, 'watchfloor-offline-bundle'),
    whenReady: () => app.whenReady(),
    relaunch: () => app.relaunch(),
    quit: () => app.quit(),
    onQuit: (handler) => app.onQuit(handler),
  };
}

/** The bundle's folder (an absolute path or a file: URL) and the manifest this station reads in it. */
export function openBundle(
  path: string,
  channel: UpdateChannel,
  platform: NodeJS.Platform,
): { folder: string; manifest: { name: string; channel: UpdateChannel } } {
  const text = path.trim();
  let folder: string | null;
  try {
    folder = /^file:/i.test(text) ? fileURLToPath(text) : isAbsolute(text) ? resolve(text) : null;
    if (folder && !statSync(folder).isDirectory()) folder = null;
  } catch {
    folder = null;
  }
  if (!folder) throw new EngineError('BAD_REQUEST', `${text} is not a folder on this station (give its absolute path)`);
  return { folder, manifest: bundleManifest(readdirSync(folder), channel, platform) };
}
