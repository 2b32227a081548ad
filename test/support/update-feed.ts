// What the updater's tests (and the updates bench) stand on, all real and all in plain Node:
// - NodeHttpExecutor: builder-util-runtime's HttpExecutor on node:http/https (the app uses
//   Electron's net), with a log of every host it was asked to reach.
// - writeRelease(): a release folder as electron-builder writes it — the installer, the channel
//   file (latest-linux.yml / beta-linux.yml) with version, files[{url, sha512, size}], path,
//   sha512, releaseDate, releaseNotes and an optional stagingPercentage — signed with a test key;
//   and the ways a release goes wrong: the installer or the manifest changed after signing, signed
//   with another key, no signature.
// - startFeedServer(): that folder on 127.0.0.1 (port 0) with switches (up, down, 503) and a
//   request log.
// - testApp(): electron-updater's AppAdapter for a packaged app in a temporary folder, quit and
//   relaunch recorded; recordInstalls(): the platform's real updater, whose package manager step
//   (dpkg, and Electron's before-quit event) is replaced by a record of what it would install.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import type { AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { signManifest, type ReleaseKeyPair } from '../../src/main/release/signature';
import type { BlockingAlarm, StationStatus, UpdateChannel } from '../../src/shared/contract/station';
import { createPlatformUpdater } from '../../src/main/shell/updates/platform-updater';
import { UpdateService } from '../../src/main/shell/updates/update-service';
import type { LoginItem, StationAuditEvent } from '../../src/main/shell/updates/update-service-options';
import { channelFileName } from '../../src/main/shell/updates/platform-updater';

export class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  /** host:port of every request, in order. */
  readonly hosts: string[] = [];

  /** `ca`: a PEM certificate trusted beside the system's (as a site's CA in the OS store). */
  constructor(private readonly ca?: string) {
    super();
  }

  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    this.hosts.push(`${options.hostname ?? options.host ?? ''}${options.port ? `:${options.port}` : ''}`);
    // A connection per request (as Electron's net is to the feed): builder-util-runtime adds a
    // timeout listener to the socket per request, which a kept-alive socket accumulates.
    const https = options.protocol === 'https:';
    const agent = https ? new HttpsAgent({ keepAlive: false, ca: this.ca }) : new HttpAgent({ keepAlive: false });
    return (https ? httpsRequest : httpRequest)({ ...options, agent }, callback);
  }

  /** What Electron's executor does: the file streamed to `destination`, sha512 checked on the way. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: (options.headers as Record<string, string>) ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

export interface ReleaseOptions {
  version: string;
  keys: ReleaseKeyPair;
  channel?: 'latest' | 'beta';
  /** Bytes of the installer (default 64 KiB). */
  size?: number;
  stagingPercentage?: number;
  releaseNotes?: string;
  /** The manifest's name, for a release made for another platform (default: linux x64's). */
  manifestName?: string;
}

export interface Release {
  dir: string;
  version: string;
  manifest: string;
  installer: string;
  sha512: string;
  size: number;
}

function installerBytes(version: string, size: number): Buffer {
  const block = createHash('sha512').update(`watchfloor ${version}`).digest();
  const out = Buffer.allocUnsafe(size);
  for (let at = 0; at < size; at += block.length) block.copy(out, at, 0, Math.min(block.length, size - at));
  return out;
}

export function writeRelease(dir: string, options: ReleaseOptions): Release {
  mkdirSync(dir, { recursive: true });
  const size = options.size ?? 64 * 1024;
  const name = `watchfloor_${options.version}_amd64.deb`;
  const bytes = installerBytes(options.version, size);
  writeFileSync(join(dir, name), bytes);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  const lines = [
    `version: ${options.version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${sha512}`,
    `    size: ${size}`,
    `path: ${name}`,
    `sha512: ${sha512}`,
    `releaseDate: '2026-12-01T10:00:00.000Z'`,
    `releaseNotes: ${JSON.stringify(options.releaseNotes ?? `Watchfloor ${options.version}: fixes and improvements.`)}`,
  ];
  if (options.stagingPercentage !== undefined) lines.push(`stagingPercentage: ${options.stagingPercentage}`);
  const manifestName = options.manifestName ?? channelFileName(options.channel ?? 'latest', 'linux', 'x64');
  const manifest = join(dir, manifestName);
  const text = Buffer.from(`${lines.join('\n')}\n`);
  writeFileSync(manifest, text);
  writeFileSync(`${manifest}.sig`, signManifest(text, options.keys.privateKeyPem));
  return { dir, version: options.version, manifest, installer: join(dir, name), sha512, size };
}

/** The installer changed after the release was signed: its sha512 no longer matches. */
export function tamperInstaller(release: Release): void {
  const bytes = readFileSync(release.installer);
  bytes[bytes.length >> 1]! ^= 0xff;
  writeFileSync(release.installer, bytes);
}

/** The manifest changed after it was signed (here: its notes). */
export function tamperManifest(release: Release): void {
  const text = readFileSync(release.manifest, 'utf8');
  writeFileSync(release.manifest, text.replace('releaseNotes: "', 'releaseNotes: "Now with a backdoor. '));
}

/** Signed again, with another key. */
export function resign(release: Release, keys: ReleaseKeyPair): void {
  writeFileSync(`${release.manifest}.sig`, signManifest(readFileSync(release.manifest), keys.privateKeyPem));
}

export interface FeedServer {
  url: string;
  /** up: serve the folder; down: drop every connection; 503: answer Service Unavailable. */
  mode: 'up' | 'down' | '503';
  /** Set: installers (not manifests or signatures) are served only once it resolves — a slow link. */
  holdInstallers: Promise<void> | null;
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/** `tls`: served over https with this certificate (an https feed), else plain http. */
export async function startFeedServer(dir: string, tls?: { cert: string; key: string }): Promise<FeedServer> {
  const sockets = new Set<Socket>();
  const feed: FeedServer = { url: '', mode: 'up', holdInstallers: null, requests: [], close: async () => {} };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://feed').pathname;
    const log = (status: number) => feed.requests.push({ method: req.method ?? 'GET', path, status });
    if (feed.mode === 'down') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (feed.mode === '503') {
      log(503);
      res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
      return;
    }
    const file = join(dir, decodeURIComponent(path));
    let size: number;
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      size = statSync(file).size;
    } catch {
      log(404);
      res.writeHead(404).end();
      return;
    }
    if (feed.holdInstallers && !/\.(yml|sig)$/.test(path)) await feed.holdInstallers;
    log(200);
    res.writeHead(200, { 'content-length': size });
    createReadStream(file).pipe(res);
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  feed.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return feed;
}

export interface TestApp extends AppAdapter {
  quits: number;
  relaunches: number;
  /** What electron-updater asked to run when the app quits (its install-on-quit, when on). */
  quitHandlers: ((exitCode: number) => void)[];
}

/** A packaged app at `version` whose userData and caches live under `root`. */
export function testApp(root: string, version: string): TestApp {
  const resources = join(root, 'resources');
  mkdirSync(resources, { recursive: true });
  const appUpdateConfigPath = join(resources, 'app-update.yml');
  writeFileSync(
    appUpdateConfigPath,
    'provider: generic\nurl: http://127.0.0.1:9/\nupdaterCacheDirName: watchfloor-updater\n',
  );
  const app: TestApp = {
    version,
    name: 'Watchfloor',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: join(root, 'userData'),
    baseCachePath: join(root, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => void (app.relaunches += 1),
    quit: () => void (app.quits += 1),
    onQuit: (handler) => void app.quitHandlers.push(handler),
    quits: 0,
    relaunches: 0,
    quitHandlers: [],
  };
  return app;
}

/**
 * The platform's real updater, up to the package manager: BaseUpdater.install() runs (it refuses
 * without a downloaded, verified file), then the installer path it would hand to dpkg is recorded
 * and the app quits and relaunches through the adapter.
 */
export function recordInstalls(
  create: (app: AppAdapter) => AppUpdater,
  installs: string[],
  /** A message: the package manager fails with it (as when dpkg is missing). */
  failure: () => string | null = () => null,
): (app: AppAdapter) => AppUpdater {
  return (app) => {
    const updater = create(app);
    const internals = updater as unknown as {
      doInstall: () => boolean;
      install: (silent: boolean, forceRun: boolean) => boolean;
      installerPath: string | null;
      quitAndInstallCalled: boolean;
    };
    internals.doInstall = () => {
      const fails = failure();
      if (fails) throw new Error(fails);
      installs.push(internals.installerPath ?? '');
      app.relaunch();
      return true;
    };
    (updater as unknown as { quitAndInstall: (silent?: boolean, forceRun?: boolean) => void }).quitAndInstall = (
      silent = false,
      forceRun = false,
    ) => {
      if (internals.install(silent, silent ? forceRun : true)) setImmediate(() => app.quit());
      else internals.quitAndInstallCalled = false;
    };
    return updater;
  };
}

/** A deterministic UUID (v4 layout) from a seed, for electron-updater's `.updaterId`. */
export function seededInstallId(seed: number): string {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  const b = Array.from({ length: 16 }, next);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Station {
  service: UpdateService;
  app: TestApp;
  executor: NodeHttpExecutor;
  audits: StationAuditEvent[];
  /** Installer paths handed to the package manager. */
  installs: string[];
  logs: string[];
  /** What blockingAlarms() answers; a test changes it. */
  alarms: BlockingAlarm[];
  /** Set: the package manager fails with this message. */
  installFailure: string | null;
  statuses: StationStatus[];
  settingsFile: string;
}

export interface StationOptions {
  version: string;
  /** A CA certificate (PEM) the station trusts for an https feed. */
  ca?: string;
  keys: Pick<ReleaseKeyPair, 'publicKeyPem'>;
  feed: string | null;
  channel?: UpdateChannel;
  loginItem?: LoginItem;
}

/** An UpdateService for a packaged station under `root` (DebUpdater, Node's HTTP), as the shell builds one. */
export function makeStation(root: string, options: StationOptions): Station {
  const app = testApp(root, options.version);
  const executor = new NodeHttpExecutor(options.ca);
  const station = {
    app,
    executor,
    audits: [],
    installs: [],
    logs: [],
    alarms: [],
    installFailure: null,
    statuses: [],
    settingsFile: join(root, 'userData', 'updates.json'),
  } as unknown as Station;
  station.service = new UpdateService({
    app,
    createUpdater: recordInstalls(createPlatformUpdater('linux', {}), station.installs, () => station.installFailure),
    httpExecutor: executor,
    publicKeyPem: options.keys.publicKeyPem,
    settingsFile: station.settingsFile,
    defaultFeed: options.feed,
    defaultChannel: options.channel ?? 'stable',
    blockingAlarms: () => Promise.resolve([...station.alarms]),
    audit: (event) => station.audits.push(event),
    loginItem: options.loginItem,
    log: (m) => station.logs.push(m),
  });
  station.service.subscribe((s) => station.statuses.push(s));
  return station;
}
