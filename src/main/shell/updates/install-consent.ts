// The operator's consent to install the downloaded release, and the maintenance window that
// carries it out. "Now" is decided by the update service at once; "in the window" is persisted
// (with the version it was given for: a different release needs a new consent) and, while the
// window is open, asks each minute for the alarms that block an install: any → it waits (one
// `update.deferred` audit entry per window, naming them), none → it installs. Nothing else starts
// an install.
import { EngineError } from '../../../shared/errors';
import { URGENCY } from '../../../shared/domain';
import type { BlockingAlarm, StationReport, StationStatus } from '../../../shared/contract/station';
import { windowState } from './maintenance-window';
import type { Consent, UpdateSettings } from './update-settings';

const RECHECK_MS = 60_000;

/**
 * The alarms that block an install now. The question is the engine's (active, unacknowledged, high
 * or above); anything below high that comes back is ignored here too, so a low alarm never holds
 * a station back whatever answers.
 */
export async function blockingNow(ask: () => Promise<BlockingAlarm[]>): Promise<BlockingAlarm[]> {
  return (await ask()).filter((a) => URGENCY[a.priority] >= URGENCY.high);
}

export function blockedMessage(alarms: BlockingAlarm[]): string {
  const shown = alarms
    .slice(0, 5)
    .map((a) => `${a.device}${a.signal ? `/${a.signal}` : ''} (${a.priority}): ${a.message}`)
    .join('; ');
  const more = alarms.length > 5 ? `; and ${alarms.length - 5} more` : '';
  const n = alarms.length;
  return `Installing waits while ${n} unacknowledged alarm${n === 1 ? '' : 's'} of high priority or above ${n === 1 ? 'is' : 'are'} active — ${shown}${more}. Acknowledge ${n === 1 ? 'it' : 'them'} first, or schedule the install for the maintenance window.`;
}

export interface InstallConsentDeps {
  now(): number;
  log(message: string): void;
  blockingAlarms(): Promise<BlockingAlarm[]>;
  settings(): UpdateSettings;
  saveConsent(consent: Consent | null): void;
  readyVersion(): string | null;
  audit(event: Omit<StationReport, 'stationVersion'>, actor: string): void;
  install(user: string, when: 'window'): void;
  changed(): void;
}

export class InstallConsent {
  /** Why the last attempt to install waited. */
  blockedBy: BlockingAlarm[] = [];
  private installingBy: { user: string; when: 'now' | 'window' } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private deferredFor: number | null = null;
  private enabled = false;

  constructor(private readonly deps: InstallConsentDeps) {}

  start(): void {
    this.enabled = true;
  }

  stop(): void {
    this.enabled = false;
    this.clearTimer();
  }

  /** The operator consents to installing the ready release in the next maintenance window. */
  schedule(user: string): void {
    const version = this.deps.readyVersion();
    if (!this.deps.settings().maintenanceWindow) {
      throw new EngineError(
        'INVALID_STATE',
        'No maintenance window is configured: an admin sets one in Settings → About/Updates (or install now)',
      );
    }
    if (!version) throw new EngineError('INVALID_STATE', 'There is no downloaded, verified release to install');
    this.blockedBy = [];
    this.deferredFor = null;
    this.deps.saveConsent({ by: user, version, at: this.deps.now() });
  }

  withdraw(): void {
    if (this.deps.settings().consent) this.deps.saveConsent(null);
    this.clearTimer();
    this.blockedBy = [];
  }

  /** A consent given for another release than the one now ready lapses. */
  keepIfFor(version: string): void {
    const consent = this.deps.settings().consent;
    if (consent && consent.version !== version) this.deps.saveConsent(null);
  }

  pendingFor(version: string | null): boolean {
    const consent = this.deps.settings().consent;
    return (
      consent !== null &&
      version !== null &&
      consent.version === version &&
      this.deps.settings().maintenanceWindow !== null
    );
  }

  installing(user: string, when: 'now' | 'window'): void {
    this.installingBy = { user, when };
    if (this.deps.settings().consent) this.deps.saveConsent(null);
    this.clearTimer();
    this.blockedBy = [];
  }

  /** The installer did not run: the release stays downloaded, waiting for a new consent. */
  failed(): void {
    this.installingBy = null;
  }

  /** Waits for the window (or acts now if it is open) while a consent is pending; stops otherwise. */
  arm(pending: boolean): void {
    this.clearTimer();
    const window = this.deps.settings().maintenanceWindow;
    if (!pending || !this.enabled || !window) return;
    const w = windowState(window, this.deps.now());
    this.setTimer(w.open ? 0 : w.opensAt - this.deps.now());
  }

  view(): StationStatus['install'] {
    const consent = this.deps.settings().consent;
    if (this.installingBy) return { consentBy: this.installingBy.user, when: this.installingBy.when, blockedBy: [] };
    return { consentBy: consent?.by ?? null, when: consent ? 'window' : null, blockedBy: this.blockedBy };
  }

  private setTimer(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick().catch((e: unknown) => this.deps.log(`updates: maintenance window: ${String(e)}`));
    }, ms);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    const { settings, readyVersion } = this.deps;
    const consent = settings().consent;
    const window = settings().maintenanceWindow;
    if (!this.enabled || !consent || !window || consent.version !== readyVersion()) return;
    const w = windowState(window, this.deps.now());
    if (!w.open) return this.arm(true);
    let blocking: BlockingAlarm[] | null;
    try {
      blocking = await blockingNow(() => this.deps.blockingAlarms());
    } catch (e) {
      this.deps.log(`updates: the alarms that block an install cannot be read: ${String(e)}`);
      blocking = null;
    }
    if (settings().consent !== consent || !this.enabled) return; // withdrawn meanwhile
    if (blocking === null || blocking.length > 0) {
      this.blockedBy = blocking ?? [];
      if (this.deferredFor !== w.opensAt) {
        this.deferredFor = w.opensAt;
        const why = blocking ? blockedMessage(blocking) : 'the active alarms could not be read.';
        this.deps.audit(
          {
            action: 'update.deferred',
            outcome: 'ok',
            version: consent.version,
            message: `The install of ${consent.version} waits in the maintenance window ${window.start}–${window.end}: ${why}`,
          },
          'station',
        );
      }
      this.deps.changed();
      this.clearTimer();
      this.setTimer(RECHECK_MS);
      return;
    }
    this.deps.install(consent.by, 'window');
  }
}
