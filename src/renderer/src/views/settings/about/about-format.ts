// Settings → About & updates, in words: what the updater is doing as an operator says it ("up to
// date", "ready to install — waiting for your consent"), what a refused release means as a
// heading ("Changed after it was signed"), sizes and 24 h clock times like the rest of the app,
// and the blocking alarms a refused install names (EngineError INVALID_STATE, details.blockedBy).
// Pure functions, so every wording is unit-tested (about-format.test.ts).
import type { BlockingAlarm, StationStatus, UpdateProblemKind } from '../../../../../shared/contract/station';
import { formatLocalTime } from '../../../components/format';

/** The problem kind as a plain-language heading; the engine's own message goes under it. */
export const PROBLEM_HEADING: Record<UpdateProblemKind, string> = {
  unreachable: 'The update feed cannot be reached',
  unsigned: 'Refused: the release is not signed',
  signature: 'Refused: the release was changed after it was signed',
  'wrong-key': 'Refused: signed by a key this station does not trust',
  checksum: 'Refused: the downloaded file does not match the signed release',
  downgrade: 'Refused: the release is older than the version running here',
  invalid: 'Refused: the release cannot be read',
  'install-failed': 'The installer did not run',
};

/** Whether the state is worth colour: ISA-101 keeps normal grey. */
export type Tone = 'normal' | 'busy' | 'attention' | 'problem';

export interface StateWords {
  title: string;
  detail: string | null;
  tone: Tone;
}

/** A time in this screen's clock with its zone (components/format.ts); the date only when it is not today. */
export function formatWhen(ts: number | null, now = Date.now()): string {
  return ts === null ? '—' : formatLocalTime(ts, now);
}

/** Installer sizes as download dialogs show them (decimal MB, one decimal). */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(0)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

/** "12.3 MB of 98.0 MB · 4.1 MB/s" for the progress bar's caption. */
export function progressText(p: NonNullable<StationStatus['progress']>): string {
  const rate = p.bytesPerSecond > 0 ? ` · ${formatSize(Math.round(p.bytesPerSecond))}/s` : '';
  return `${formatSize(p.transferred)} of ${formatSize(p.total)}${rate}`;
}

/** 0–100, for the progress bar. */
export function progressPercent(p: NonNullable<StationStatus['progress']>): number {
  return p.total > 0 ? Math.min(100, Math.round((p.transferred / p.total) * 100)) : 0;
}

export function windowText(w: StationStatus['maintenanceWindow']): string {
  return w ? `${w.start}–${w.end}` : 'none set';
}

/** The update state as an operator reads it. */
export function stateWords(s: StationStatus, now = Date.now()): StateWords {
  const v = s.available?.version;
  const release = v ? `Version ${v}` : 'The new version';
  switch (s.state) {
    case 'idle':
      return { title: 'Not checked yet', detail: s.autoCheck ? null : 'Automatic checks are off.', tone: 'normal' };
    case 'checking':
      return { title: 'Checking for updates…', detail: null, tone: 'busy' };
    case 'up-to-date':
      return {
        title: 'Up to date',
        detail: `Version ${s.version} is the newest on the ${s.channel} channel.`,
        tone: 'normal',
      };
    case 'not-in-rollout': {
      const share = s.available?.stagingPercentage ?? null;
      return {
        title: share === null ? 'Not in this rollout yet' : `Not in this rollout yet (${share} %)`,
        detail: `${release} goes to ${share === null ? 'a share' : `${share} %`} of stations first; this station gets it when the rollout widens.`,
        tone: 'normal',
      };
    }
    case 'downloading':
      return {
        title: `Downloading ${v ?? 'the update'}…`,
        detail: 'In the background; nothing restarts.',
        tone: 'busy',
      };
    case 'downloaded':
      return {
        title: 'Downloaded — waiting for your consent',
        detail: `${release} is verified and ready. Watchfloor installs it only when you say so.`,
        tone: 'attention',
      };
    case 'scheduled':
      return {
        title: 'Scheduled for the maintenance window',
        detail: `${release} installs between ${windowText(s.maintenanceWindow)}${s.install.consentBy ? ` (consent: ${s.install.consentBy})` : ''}, unless a high alarm is unacknowledged then.`,
        tone: 'attention',
      };
    case 'installing':
      return { title: `Installing ${v ?? 'the update'}`, detail: 'Watchfloor will close and restart.', tone: 'busy' };
    case 'refused':
      return {
        title: s.problem ? PROBLEM_HEADING[s.problem.kind] : 'Refused',
        detail: 'Nothing was installed; this station keeps running its current version.',
        tone: 'problem',
      };
    case 'error':
      return {
        title: s.problem ? PROBLEM_HEADING[s.problem.kind] : 'The last check failed',
        detail: s.nextCheck !== null ? `Next try at ${formatWhen(s.nextCheck, now)}.` : null,
        tone: 'problem',
      };
  }
}

const PRIORITY_WORD: Record<string, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export function priorityWord(p: string): string {
  return PRIORITY_WORD[p] ?? p;
}

function isBlockingAlarm(a: unknown): a is BlockingAlarm {
  if (typeof a !== 'object' || a === null) return false;
  const o = a as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.device === 'string' && typeof o.message === 'string';
}

/** The alarms an INVALID_STATE refusal names (details.blockedBy); empty for any other error. */
export function blockedByOf(err: unknown): BlockingAlarm[] {
  if (typeof err !== 'object' || err === null) return [];
  const e = err as { code?: unknown; details?: unknown };
  if (e.code !== 'INVALID_STATE' || typeof e.details !== 'object' || e.details === null) return [];
  const list = (e.details as { blockedBy?: unknown }).blockedBy;
  return Array.isArray(list) ? list.filter(isBlockingAlarm) : [];
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
