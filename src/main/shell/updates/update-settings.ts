// The admin's update choices on this station (channel, feed, automatic checks, maintenance window)
// and a pending consent to install in the window, kept in one JSON file beside the station's other
// settings. Written atomically (a temporary file, then rename) so a crash mid-write leaves the old
// file; a damaged file is reported in the log and the defaults apply — an update setting must
// never keep the station from starting.
//
// A feed is an http(s) URL, or a folder (a LAN share mounted on the station, a local folder) given
// as an absolute path or a file: URL; resolveFeed() tells which, and refuses anything else with
// BAD_REQUEST so the admin sees why at once rather than at the next check.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EngineError } from '../../../shared/errors';
import { MaintenanceWindow, UpdateChannel, type StationSettingsChange } from '../../../shared/contract/station';

export const DEFAULT_CHECK_INTERVAL_MINUTES = 240;

const Consent = z.object({ by: z.string(), version: z.string(), at: z.number() });
export type Consent = z.infer<typeof Consent>;

const StoredSettings = z.object({
  channel: UpdateChannel.optional(),
  /** null or absent: the installer's own feed. */
  feed: z.string().nullable().optional(),
  autoCheck: z.boolean().optional(),
  checkIntervalMinutes: z.number().int().positive().optional(),
  maintenanceWindow: MaintenanceWindow.nullable().optional(),
  /** The operator's consent to install this version in the next maintenance window. */
  consent: Consent.nullable().optional(),
});

export interface UpdateSettings {
  channel: UpdateChannel;
  feed: string | null;
  autoCheck: boolean;
  checkIntervalMinutes: number;
  maintenanceWindow: MaintenanceWindow | null;
  consent: Consent | null;
}

export function defaultSettings(channel: UpdateChannel): UpdateSettings {
  return {
    channel,
    feed: null,
    autoCheck: true,
    checkIntervalMinutes: DEFAULT_CHECK_INTERVAL_MINUTES,
    maintenanceWindow: null,
    consent: null,
  };
}

export function loadSettings(file: string, defaults: UpdateSettings, log: (m: string) => void): UpdateSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`update settings: cannot read ${file} (${String(e)}); using the defaults`);
    return { ...defaults };
  }
  try {
    const stored = StoredSettings.parse(JSON.parse(text));
    return {
      channel: stored.channel ?? defaults.channel,
      feed: stored.feed ?? defaults.feed,
      autoCheck: stored.autoCheck ?? defaults.autoCheck,
      checkIntervalMinutes: stored.checkIntervalMinutes ?? defaults.checkIntervalMinutes,
      maintenanceWindow: stored.maintenanceWindow ?? defaults.maintenanceWindow,
      consent: stored.consent ?? null,
    };
  } catch (e) {
    log(
      `update settings: ${file} is damaged (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); using the defaults`,
    );
    return { ...defaults };
  }
}

export function saveSettings(file: string, settings: UpdateSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export type ResolvedFeed = { kind: 'url'; url: string } | { kind: 'folder'; path: string };

/** What a feed setting names; BAD_REQUEST for anything that is not a usable feed. */
export function resolveFeed(feed: string): ResolvedFeed {
  const text = feed.trim();
  let path: string;
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (!url.hostname) throw new Error('no host');
      return { kind: 'url', url: url.href };
    } catch {
      throw new EngineError('BAD_REQUEST', `"${text}" is not a valid http(s) URL`);
    }
  } else if (/^file:/i.test(text)) {
    try {
      path = fileURLToPath(text);
    } catch {
      throw new EngineError('BAD_REQUEST', `"${text}" is not a valid file: URL`);
    }
  } else if (isAbsolute(text)) {
    path = resolve(text);
  } else {
    throw new EngineError(
      'BAD_REQUEST',
      `"${text}" is not a feed: give an http(s) URL, or an absolute path or file: URL of a folder on this station`,
    );
  }
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // reported below
  }
  if (!isFolder) throw new EngineError('BAD_REQUEST', `the feed folder ${path} does not exist on this station`);
  return { kind: 'folder', path };
}

/**
 * The settings after an admin's change (the feed validated: BAD_REQUEST), and the change in words
 * for the audit trail. A new channel or feed withdraws a pending consent (it was for a release of
 * the old one), and so does removing the maintenance window. startAtLogin is the OS's, not ours.
 */
export function applyChange(
  current: UpdateSettings,
  change: StationSettingsChange,
  defaultFeed: string | null,
): { next: UpdateSettings; said: string[] } {
  const next: UpdateSettings = { ...current };
  const said: string[] = [];
  if (change.feed !== undefined) {
    if (change.feed !== null) resolveFeed(change.feed);
    next.feed = change.feed === null ? null : change.feed.trim();
    said.push(`feed ${next.feed ?? `(the installer's: ${defaultFeed ?? 'none'})`}`);
  }
  if (change.channel !== undefined) {
    next.channel = change.channel;
    said.push(`channel ${change.channel}`);
  }
  if (change.autoCheck !== undefined) {
    next.autoCheck = change.autoCheck;
    said.push(`automatic checks ${change.autoCheck ? 'on' : 'off'}`);
  }
  if (change.maintenanceWindow !== undefined) {
    const w = change.maintenanceWindow;
    next.maintenanceWindow = w;
    said.push(`maintenance window ${w ? `${w.start}–${w.end}` : 'none'}`);
    if (!w) next.consent = null;
  }
  if (next.channel !== current.channel || next.feed !== current.feed) next.consent = null;
  return { next, said };
}
