// Builds the station's update service once per app (ShellApp): what it is made of comes from the
// installer and the Electron entry, the rest of the station answers its questions through the
// StationBridge.
// - The release public key: <resources>/update-signing-key.pem in the packaged app,
//   build/update-signing-key.pem in development. Without it nothing can be verified, so the station
//   says its updates are not managed, and why, rather than run an updater that refuses everything.
// - The default feed and channel: the installer's app-update.yml (electron-builder's `publish`,
//   provider generic: url, channel — `latest` for stable, `beta`; build/electron-builder.config.mjs)
//   when present; else no feed (an admin sets one in Settings →
//   About/Updates) and the stable channel.
// - The settings file: <userData>/updates.json.
// - Electron's parts (the platform's updater class and Electron's net executor) come from
//   src/main/index.ts; without them (tests of the shell, a build without an updater) the station is
//   unmanaged too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { UPDATE_CHANNELS, type UpdateChannel } from '../../../shared/contract/station';
import { unmanagedStation, type StationPort } from '../../engine/station/station-port';
import type { AppLike } from '../electron-api';
import { UpdateService } from '../updates/update-service';
import type { LoginItem, UpdateServiceOptions } from '../updates/update-service-options';
import { shellAppAdapter } from './app-adapter';
import type { StationBridge } from './station-bridge';

/** Electron's side of the updater, handed in by src/main/index.ts. */
export interface ShellUpdater {
  /** The platform's updater class over the adapter (updates/platform-updater.ts: createPlatformUpdater). */
  createUpdater(app: AppAdapter): AppUpdater;
  /** electron-updater's ElectronHttpExecutor (Electron's net: the system's proxy and certificates). */
  httpExecutor: UpdateServiceOptions['httpExecutor'];
}

export interface StationUpdates {
  /** What the engine host answers `station.*` with (through the bridge). */
  readonly port: StationPort;
  start(): void;
  stop(): void;
}

export interface StationUpdatesOptions {
  app: AppLike;
  updater: ShellUpdater | undefined;
  /** process.resourcesPath (packaged). */
  resourcesPath: string;
  /** The app's folder in development (the repository): build/ is there. */
  appRoot: string;
  /** The shell's orderly quit. */
  quit(): void;
  bridge: StationBridge;
  loginItem?: LoginItem;
  log(message: string): void;
}

export const SETTINGS_FILE = 'updates.json';
export const PUBLIC_KEY_FILE = 'update-signing-key.pem';

export function publicKeyPath(app: Pick<AppLike, 'isPackaged'>, resourcesPath: string, appRoot: string): string {
  return app.isPackaged ? join(resourcesPath, PUBLIC_KEY_FILE) : join(appRoot, 'build', PUBLIC_KEY_FILE);
}

/** The installer's feed and channel (app-update.yml as electron-builder writes it: flat `key: value` lines). */
export function readAppUpdateConfig(file: string): { feed: string | null; channel: UpdateChannel } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { feed: null, channel: 'stable' };
  }
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    values.set(match[1]!, value);
  }
  const provider = values.get('provider');
  const url = values.get('url');
  const channel = values.get('channel');
  return {
    feed: provider === 'generic' && url ? url : null,
    // electron-builder writes electron-updater's channel name: `latest` is Watchfloor's stable.
    channel: channel === 'latest' ? 'stable' : (UPDATE_CHANNELS.find((c) => c === channel) ?? 'stable'),
  };
}

function unmanaged(app: AppLike, reason: string): StationUpdates {
  return { port: unmanagedStation(app.getVersion(), reason), start: () => {}, stop: () => {} };
}

export function createStationUpdates(options: StationUpdatesOptions): StationUpdates {
  const { app, updater, bridge, log } = options;
  if (!updater) return unmanaged(app, 'this build of Watchfloor has no updater');
  const keyFile = publicKeyPath(app, options.resourcesPath, options.appRoot);
  let publicKeyPem: string;
  try {
    publicKeyPem = readFileSync(keyFile, 'utf8');
  } catch (err) {
    log(`updates are off: the release public key cannot be read (${(err as Error).message})`);
    return unmanaged(app, `the release public key is missing (${keyFile}): reinstall Watchfloor to get updates`);
  }
  const adapter = shellAppAdapter(app, { resourcesPath: options.resourcesPath, quit: options.quit });
  const { feed, channel } = readAppUpdateConfig(adapter.appUpdateConfigPath);
  const service = new UpdateService({
    app: adapter,
    createUpdater: (a) => updater.createUpdater(a),
    httpExecutor: updater.httpExecutor,
    publicKeyPem,
    settingsFile: join(app.getPath('userData'), SETTINGS_FILE),
    defaultFeed: feed,
    defaultChannel: channel,
    blockingAlarms: () => bridge.blockingAlarms(),
    audit: (event) => bridge.audit(event),
    ...(options.loginItem ? { loginItem: options.loginItem } : {}),
    log: (message) => log(`updates: ${message}`),
  });
  return { port: service, start: () => service.start(), stop: () => service.stop() };
}
