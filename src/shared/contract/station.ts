// This station's installation, in the contract: the version it runs, its update channel and feed,
// what the updater is doing, installing with the operator's consent (never during an unacknowledged
// high alarm), offline bundles, and starting with the desktop session. Settings → About/Updates
// shows it.
//
// The desktop shell owns the updater (src/main/shell/updates/); the engine answers these calls
// through the StationPort the shell hands it (src/main/engine/station/). An engine run by
// `watchfloor serve` has none and answers `managed: false` with the reason. A desktop attached to
// a central engine answers them itself, for its own station (remote/remote-link.ts), and sends
// what it records to the central engine's audit trail with `station.report`.
import { z } from 'zod';
import { Priority } from '../domain';

const NoParams = z.object({}).strict();

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export const UpdateChannel = z.enum(UPDATE_CHANNELS);
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/** A local clock time, 24 h. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24 h)');

/** When this station may restart for an update, local time; an end before the start spans midnight. */
export const MaintenanceWindow = z
  .object({ start: ClockTime, end: ClockTime })
  .strict()
  .refine((w) => w.start !== w.end, 'the window must not start and end at the same time');
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/**
 * Where updates come from: an http(s) URL, or a folder (a LAN share mounted on the station, a
 * local folder) given as an absolute path or a file: URL.
 */
export const UpdateFeed = z.string().trim().min(1, 'the feed is required').max(2000);

export const UPDATE_STATES = [
  'idle', // nothing checked yet (or updates are not managed here)
  'checking',
  'up-to-date',
  'not-in-rollout', // a newer release exists, staged to a share of stations this one is not in
  'downloading',
  'downloaded', // verified and waiting for the operator's consent
  'scheduled', // consented, installs in the next maintenance window
  'installing',
  'refused', // the release failed verification (problem says why); nothing was installed
  'error', // the feed could not be read (problem says why); retried with backoff
] as const;
export const UpdateState = z.enum(UPDATE_STATES);
export type UpdateState = z.infer<typeof UpdateState>;

export const UPDATE_PROBLEMS = [
  'unreachable', // the feed did not answer (retried with backoff)
  'unsigned', // the manifest has no signature file
  'signature', // the manifest changed after it was signed
  'wrong-key', // signed, but not by this station's release key
  'checksum', // the downloaded file does not match the manifest's sha512
  'downgrade', // the manifest names a version older than the one running
  'invalid', // the manifest or bundle cannot be read
  'install-failed', // the installer did not run
] as const;
export const UpdateProblemKind = z.enum(UPDATE_PROBLEMS);
export type UpdateProblemKind = z.infer<typeof UpdateProblemKind>;

/** An alarm that keeps an install from starting: active, unacknowledged, high priority or above. */
export const BlockingAlarm = z.object({
  id: z.string(),
  device: z.string(),
  signal: z.string().nullable(),
  priority: Priority,
  message: z.string(),
});
export type BlockingAlarm = z.infer<typeof BlockingAlarm>;

export const AvailableRelease = z.object({
  version: z.string(),
  releaseDate: z.string().nullable(),
  /** Plain text or Markdown as the release manifest carries it. */
  releaseNotes: z.string().nullable(),
  /** Bytes of the installer. */
  size: z.number().int().nullable(),
  source: z.enum(['feed', 'bundle']),
  stagingPercentage: z.number().min(0).max(100).nullable(),
});
export type AvailableRelease = z.infer<typeof AvailableRelease>;

export const StationStatus = z.object({
  /** False where no updater runs (a `serve` engine, a development build); unmanagedReason says why. */
  managed: z.boolean(),
  unmanagedReason: z.string().nullable(),
  version: z.string(),
  platform: z.string(),
  channel: UpdateChannel,
  feed: z.string().nullable(),
  autoCheck: z.boolean(),
  checkIntervalMinutes: z.number().int().positive(),
  maintenanceWindow: MaintenanceWindow.nullable(),
  /** Start Watchfloor when this station's user signs in; null where the OS or build cannot. */
  startAtLogin: z.boolean().nullable(),
  state: UpdateState,
  /** Epoch ms of the last completed check (whatever its outcome), and of the next one planned. */
  lastCheck: z.number().int().nullable(),
  nextCheck: z.number().int().nullable(),
  available: AvailableRelease.nullable(),
  progress: z.object({ transferred: z.number().int(), total: z.number().int(), bytesPerSecond: z.number() }).nullable(),
  problem: z.object({ kind: UpdateProblemKind, message: z.string(), at: z.number().int() }).nullable(),
  install: z.object({
    /** Who consented to installing the downloaded release, and when it will go. */
    consentBy: z.string().nullable(),
    when: z.enum(['now', 'window']).nullable(),
    /** Why the last attempt to install waited (empty when nothing blocks). */
    blockedBy: z.array(BlockingAlarm),
  }),
});
export type StationStatus = z.infer<typeof StationStatus>;

export const StationSettingsChange = z
  .object({
    channel: UpdateChannel.optional(),
    /** null: the feed built into the installer (app-update.yml). */
    feed: UpdateFeed.nullable().optional(),
    autoCheck: z.boolean().optional(),
    maintenanceWindow: MaintenanceWindow.nullable().optional(),
    startAtLogin: z.boolean().optional(),
  })
  .strict();
export type StationSettingsChange = z.infer<typeof StationSettingsChange>;

/** What a station attached to a central engine records in that engine's audit trail. */
export const StationReport = z
  .object({
    action: z.enum(['update.refused', 'update.downloaded', 'update.installing', 'update.deferred', 'update.settings']),
    outcome: z.enum(['ok', 'refused', 'failed']),
    /** The release it is about, when there is one. */
    version: z.string().max(100).nullable(),
    /** The station's own version. */
    stationVersion: z.string().max(100),
    message: z.string().max(2000),
  })
  .strict();
export type StationReport = z.infer<typeof StationReport>;

export const stationRequests = {
  'station.status': { params: NoParams, result: StationStatus },
  /** Checks the feed now (a check already running is joined). */
  'station.check': { params: NoParams, result: StationStatus },
  'station.settings': { params: StationSettingsChange, result: StationStatus },
  /**
   * The operator's consent to install the downloaded release: `now` restarts at once, `window` in
   * the next maintenance window. INVALID_STATE when nothing is downloaded, or while an active,
   * unacknowledged alarm of high priority or above blocks it (details.blockedBy lists them).
   */
  'station.install': { params: z.object({ when: z.enum(['now', 'window']) }).strict(), result: StationStatus },
  'station.cancelInstall': { params: NoParams, result: StationStatus },
  /** An offline bundle (installer + manifest + signature) from a folder on this station. */
  'station.importBundle': {
    params: z.object({ path: z.string().trim().min(1, 'the folder is required').max(4096) }).strict(),
    result: StationStatus,
  },
  /** A station attached to this engine records an update event here (the call itself is the entry). */
  'station.report': { params: StationReport, result: z.object({ recorded: z.literal(true) }) },
} as const;

export const stationStreams = {
  'station.changes': { params: NoParams, event: StationStatus },
} as const;
