// One check (and, for a newer release in this station's rollout, one download) with electron-
// updater's generic provider against a feed URL — a web feed, or a folder or offline bundle served
// on loopback — told as one outcome the update service applies. What electron-updater decides is
// left to it (newer or not, the staged-rollout share from its install id, the download and its
// sha512); what it does not decide is decided here from the manifest the signed-manifest executor
// verified: an older version is a refused downgrade (electron-updater would ignore it silently),
// and its errors are sorted into "refused, with the reason" and "the feed did not answer".
import type { AppUpdater } from 'electron-updater';
import { HttpError, type UpdateInfo } from 'builder-util-runtime';
import type { AvailableRelease, UpdateChannel, UpdateProblemKind } from '../../../shared/contract/station';
import { serveFolder, type FolderFeed } from './folder-feed-server';
import { ManifestRefusedError } from './signed-manifest-executor';
import { resolveFeed } from './update-settings';
import { compareVersions, isVersion } from './version-order';

export type CheckOutcome =
  | { kind: 'up-to-date'; info: UpdateInfo }
  | { kind: 'not-in-rollout'; info: UpdateInfo }
  | { kind: 'downloaded'; info: UpdateInfo }
  | { kind: 'refused'; problem: UpdateProblemKind; message: string; version: string | null }
  | { kind: 'unreachable'; message: string };

export interface CheckRequest {
  updater: AppUpdater;
  /** The generic provider's base URL. */
  feedUrl: string;
  /** How to name the feed in a message: its host, or the folder. */
  feedLabel: string;
  channel: UpdateChannel;
  currentVersion: string;
  /** A newer release in this station's rollout was found; its download starts. */
  onDownloadStarts(info: UpdateInfo): void;
}

const INVALID_MANIFEST = new Set([
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_NO_CHECKSUM',
]);

function classify(e: unknown, version: string | null, feedLabel: string): CheckOutcome {
  if (e instanceof ManifestRefusedError) return { kind: 'refused', problem: e.kind, message: e.message, version };
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_CHECKSUM_MISMATCH') {
    return {
      kind: 'refused',
      problem: 'checksum',
      message: `the downloaded installer of ${version ?? 'the release'} does not match the signed manifest (${error.message}); it was deleted`,
      version,
    };
  }
  if (typeof code === 'string' && INVALID_MANIFEST.has(code)) {
    return {
      kind: 'refused',
      problem: 'invalid',
      message: `the release manifest cannot be used: ${error.message.split('\n')[0]}`,
      version,
    };
  }
  const status =
    e instanceof HttpError
      ? e.statusCode
      : Number(/status (\d{3})/.exec(error.message)?.[1] ?? /\b([45]\d\d)\b/.exec(error.message)?.[1] ?? NaN);
  // Node names TLS failures by code (DEPTH_ZERO_SELF_SIGNED_CERT …), Electron's net in the message (net::ERR_CERT_…).
  const tls =
    (typeof code === 'string' && /CERT|SSL|TLS/.test(code) ? code : undefined) ??
    /net::(ERR_(?:CERT|SSL)\w*)/.exec(error.message)?.[1];
  let cause: string;
  if (tls) cause = `presented a TLS certificate this station does not trust (${tls})`;
  else if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') cause = 'has no release manifest for this channel (HTTP 404)';
  else if (Number.isFinite(status)) cause = `answered HTTP ${status}`;
  else if (typeof code === 'string') cause = `did not answer (${code})`;
  else cause = `failed: ${error.message.split('\n')[0]}`;
  return { kind: 'unreachable', message: `the update feed ${feedLabel} ${cause}` };
}

export async function checkAndDownload(request: CheckRequest): Promise<CheckOutcome> {
  const { updater, channel, currentVersion, feedLabel } = request;
  updater.setFeedURL({ provider: 'generic', url: request.feedUrl, channel: channel === 'beta' ? 'beta' : null });
  updater.allowPrerelease = channel === 'beta';
  // Setting a channel lets electron-updater downgrade; a downgrade is never installed here.
  updater.allowDowngrade = false;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;

  let info: UpdateInfo;
  let download: Promise<unknown> | null;
  let available: boolean;
  try {
    const result = await updater.checkForUpdates();
    if (!result) return { kind: 'unreachable', message: 'the updater is not active in this build' };
    info = result.updateInfo;
    download = result.downloadPromise ?? null;
    available = result.isUpdateAvailable;
  } catch (e) {
    return classify(e, null, feedLabel);
  }
  if (!isVersion(String(info.version))) {
    return {
      kind: 'refused',
      problem: 'invalid',
      message: `the manifest's version "${info.version}" is not a version`,
      version: null,
    };
  }
  const order = compareVersions(info.version, currentVersion);
  if (order < 0) {
    download?.catch(() => {});
    return {
      kind: 'refused',
      problem: 'downgrade',
      message: `the feed offers ${info.version}, older than the ${currentVersion} this station runs: a downgrade is refused`,
      version: info.version,
    };
  }
  if (!available || !download) {
    if (order > 0 && info.stagingPercentage != null && !(await updater.isUserWithinRollout(info))) {
      return { kind: 'not-in-rollout', info };
    }
    return { kind: 'up-to-date', info };
  }
  request.onDownloadStarts(info);
  try {
    await download;
  } catch (e) {
    return classify(e, info.version, feedLabel);
  }
  return { kind: 'downloaded', info };
}

/** A release as the contract shows it. */
export function toAvailable(info: UpdateInfo, source: AvailableRelease['source']): AvailableRelease {
  const notes = info.releaseNotes;
  return {
    version: info.version,
    releaseDate: info.releaseDate ? String(info.releaseDate) : null,
    releaseNotes: Array.isArray(notes)
      ? notes.map((n) => `${n.version}: ${n.note ?? ''}`).join('\n\n')
      : (notes ?? null),
    size: info.files?.[0]?.size ?? null,
    source,
    stagingPercentage: info.stagingPercentage ?? null,
  };
}

export type SourceCheck = Omit<CheckRequest, 'feedUrl' | 'feedLabel'>;

/** A check of the feed setting: an http(s) URL as it is, a folder served on loopback while it runs. */
export async function checkFeed(feed: string | null, request: SourceCheck): Promise<CheckOutcome> {
  let served: FolderFeed | null = null;
  try {
    if (!feed) throw new Error('no update feed is configured (an admin sets one in Settings → About/Updates)');
    const resolved = resolveFeed(feed);
    if (resolved.kind === 'folder') served = await serveFolder(resolved.path);
    return await checkAndDownload({
      ...request,
      feedUrl: served ? served.url : (resolved as { url: string }).url,
      feedLabel: resolved.kind === 'folder' ? `folder ${resolved.path}` : `at ${new URL(resolved.url).host}`,
    });
  } catch (e) {
    return {
      kind: 'unreachable',
      message: `the update feed cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    };
  } finally {
    await served?.close();
  }
}

/** An offline bundle's folder, served on loopback while it is checked; a bundle that cannot be read is refused. */
export async function checkBundle(folder: string, request: SourceCheck): Promise<CheckOutcome> {
  const served = await serveFolder(folder);
  let outcome: CheckOutcome;
  try {
    outcome = await checkAndDownload({ ...request, feedUrl: served.url, feedLabel: `bundle ${folder}` });
  } finally {
    await served.close();
  }
  if (outcome.kind !== 'unreachable') return outcome;
  return {
    kind: 'refused',
    problem: 'invalid',
    message: `the offline bundle cannot be read: ${outcome.message}`,
    version: null,
  };
}
