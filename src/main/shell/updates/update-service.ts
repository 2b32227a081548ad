// The station's update service: electron-updater's real updater for this platform, on a generic
// feed (an https URL, a LAN share or a local folder, served on loopback), with signed manifests
// verified before anything is downloaded (signed-manifest-executor.ts), the installer checked
// against the manifest's sha512, a downgrade refused, electron-updater's staged rollout, offline
// bundles through exactly the same path, and installs only with an operator's consent — never
// while an unacknowledged alarm of high priority or above is active, now or in the maintenance
// window. It implements the engine's StationPort, so it answers `station.*` (permissions and the
// call's own audit entry are the engine's); what it does by itself goes to `options.audit`.
//
// Decisions:
// - Downloads run in the background (autoDownload) after a verified, newer, in-rollout release;
//   autoInstallOnAppQuit is off and nothing but install() and the maintenance window call
//   quitAndInstall. station.check (check()) answers once the check knows what the feed offers: a
//   download it starts goes on after the answer (a 150 MB installer on a site's link outlasts any
//   request timeout), its progress and outcome on station.changes; checkToEnd() waits for it.
// - A release that is downloaded stays installable when a later check fails or is refused (an
//   unreachable feed, a tampered bundle): the state stays `downloaded` and `problem` says what the
//   later attempt found. Only a changed channel or feed drops it.
// - An offline bundle uses its own updater (its own download cache), so a refused bundle cannot
//   delete a release already downloaded from the feed; an admin importing a bundle chose this
//   station, so the staged rollout does not apply to it.
// - Failed checks retry with backoff (1, 2, 4 … 60 minutes) even without automatic checks: the
//   admin asked for an answer. No timer callback ever throws.
import type { AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { UpdateInfo } from 'builder-util-runtime';
import { EngineError } from '../../../shared/errors';
import type {
  AvailableRelease,
  StationReport,
  StationStatus,
  UpdateProblemKind,
  UpdateState,
} from '../../../shared/contract/station';
import type { StationPort } from '../../engine/station/station-port';
import { unmanagedStation } from '../../engine/station/station-port';
import { blockedMessage, blockingNow, InstallConsent } from './install-consent';
import { bundleAdapter, openBundle } from './offline-bundle';
import { checkBundle, checkFeed, toAvailable, type CheckOutcome } from './release-check';
import { prepareUpdater } from './station-updater';
import { compareVersions } from './version-order';
import type { UpdateServiceOptions } from './update-service-options';
import { applyChange, defaultSettings, loadSettings, saveSettings, type UpdateSettings } from './update-settings';

export const DEVELOPMENT_RUN_REASON =
  'This is a development run (not a packaged build): packaged builds update themselves; here nothing is checked or installed.';
const MAX_BACKOFF_MINUTES = 60;

interface ReadyRelease {
  updater: AppUpdater;
  info: UpdateInfo;
  source: AvailableRelease['source'];
}

export class UpdateService implements StationPort {
  private readonly unmanaged: StationPort | null;
  private readonly log: (message: string) => void;
  private readonly now: () => number;
  private readonly listeners = new Set<(status: StationStatus) => void>();
  private readonly consent: InstallConsent;
  private config: UpdateSettings;
  private feedUpdater: AppUpdater | null = null;
  private state: UpdateState = 'idle';
  private lastCheck: number | null = null;
  private nextCheck: number | null = null;
  private available: AvailableRelease | null = null;
  private progress: StationStatus['progress'] = null;
  private problem: StationStatus['problem'] = null;
  private ready: ReadyRelease | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  private decided: { promise: Promise<void>; settle(): void } | null = null; // a download began, or the task ended
  private checkTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(private readonly options: UpdateServiceOptions) {
    this.log = options.log ?? ((m) => console.warn(m));
    this.now = options.clock ?? Date.now;
    this.unmanaged = options.app.isPackaged ? null : unmanagedStation(options.app.version, DEVELOPMENT_RUN_REASON);
    this.config = loadSettings(options.settingsFile, defaultSettings(options.defaultChannel), this.log);
    this.consent = new InstallConsent({
      now: this.now,
      log: this.log,
      blockingAlarms: () => options.blockingAlarms(),
      settings: () => this.config,
      saveConsent: (consent) => this.save({ ...this.config, consent }),
      readyVersion: () => this.ready?.info.version ?? null,
      audit: (e, actor) => this.audit(e.action, e.outcome, e.version, e.message, actor),
      install: (user, when) => this.installNow(user, when),
      changed: () => this.publish(),
    });
  }

  start(): void {
    if (this.unmanaged || this.started) return;
    this.started = true;
    this.consent.start();
    // A consent given before a restart (a power cut, a reboot) is carried out: the check finds the
    // consented release again in electron-updater's cache (re-verified) and re-arms the window,
    // also where automatic checks are off.
    if (this.config.autoCheck || this.config.consent) this.runInBackground();
  }

  stop(): void {
    this.started = false;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = null;
    this.consent.stop();
  }

  status = (): Promise<StationStatus> => (this.unmanaged ? this.unmanaged.status() : Promise.resolve(this.snapshot()));

  subscribe: StationPort['subscribe'] = (listener) => {
    if (this.unmanaged) return this.unmanaged.subscribe(listener);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  check = async (): Promise<StationStatus> => {
    if (this.unmanaged) return this.unmanaged.check();
    const run = this.running ?? this.exclusive(() => this.checkFeed());
    await Promise.race([run, this.decided?.promise]);
    return this.snapshot();
  };

  /** A check to its end, the download included. */
  checkToEnd = async (): Promise<StationStatus> => {
    if (this.unmanaged) return this.unmanaged.check();
    await (this.running ?? this.exclusive(() => this.checkFeed()));
    return this.snapshot();
  };

  settings: StationPort['settings'] = async (change, by) => {
    if (this.unmanaged) return this.unmanaged.settings(change, by);
    const { next, said } = applyChange(this.config, change, this.options.defaultFeed);
    if (change.startAtLogin !== undefined) {
      if (!this.options.loginItem)
        throw new EngineError('INVALID_STATE', 'Starting at login is not available on this station');
      this.options.loginItem.set(change.startAtLogin);
      said.push(`start at login ${change.startAtLogin ? 'on' : 'off'}`);
    }
    const sourceChanged = next.channel !== this.config.channel || next.feed !== this.config.feed;
    this.save(next);
    if (said.length) this.audit('update.settings', 'ok', null, `Update settings: ${said.join(', ')}`, by.user);
    if (sourceChanged) {
      this.ready = null;
      this.available = null;
      this.problem = null;
      this.progress = null;
      this.state = 'idle';
      this.consent.withdraw();
      this.publish();
      void (this.running ?? Promise.resolve()).then(() => this.runInBackground());
    } else {
      if (change.autoCheck !== undefined) this.scheduleNextCheck(false);
      if (!this.config.consent && this.state === 'scheduled') this.settle();
      this.consent.arm(this.state === 'scheduled');
      this.publish();
    }
    return this.snapshot();
  };

  install: StationPort['install'] = async (when, by) => {
    if (this.unmanaged) return this.unmanaged.install(when, by);
    if (!this.ready) throw new EngineError('INVALID_STATE', 'There is no downloaded, verified release to install');
    if (this.state === 'installing') throw new EngineError('INVALID_STATE', 'The release is being installed already');
    if (when === 'window') {
      this.consent.schedule(by.user);
      this.state = 'scheduled';
      this.publish();
      this.consent.arm(true);
      return this.snapshot();
    }
    const blocking = await blockingNow(() => this.options.blockingAlarms());
    if (blocking.length > 0) {
      this.consent.blockedBy = blocking;
      this.publish();
      throw new EngineError('INVALID_STATE', blockedMessage(blocking), { blockedBy: blocking });
    }
    this.installNow(by.user, 'now');
    return this.snapshot();
  };

  cancelInstall: StationPort['cancelInstall'] = async (by) => {
    if (this.unmanaged) return this.unmanaged.cancelInstall(by);
    if (this.state === 'installing') throw new EngineError('INVALID_STATE', 'The release is being installed already');
    this.consent.withdraw();
    if (this.ready) this.settle();
    this.publish();
    return this.snapshot();
  };

  importBundle: StationPort['importBundle'] = async (path, by) => {
    if (this.unmanaged) return this.unmanaged.importBundle(path, by);
    const { folder, manifest } = openBundle(path, this.config.channel, process.platform);
    if (this.state === 'installing') throw new EngineError('INVALID_STATE', 'The release is being installed already');
    await (this.running ?? Promise.resolve());
    await this.exclusive(() => this.checkBundle(folder, manifest.channel));
    return this.snapshot();
  };

  // ——— checks ———

  private exclusive(task: () => Promise<void>): Promise<void> {
    let settle = () => {};
    const decided = { promise: new Promise<void>((resolve) => (settle = resolve)), settle: () => settle() };
    this.decided = decided;
    const run = task()
      .catch((e: unknown) => this.log(`updates: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`))
      .finally(() => {
        decided.settle();
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }

  private runInBackground(): void {
    void this.check().catch((e: unknown) => this.log(`updates: check failed: ${String(e)}`));
  }

  private makeUpdater(app: AppAdapter): AppUpdater {
    return prepareUpdater(this.options, app, {
      log: (m) => this.log(`updater: ${m}`),
      progress: (progress) => {
        this.progress = progress;
        this.publish();
      },
      error: (e) => {
        if (this.state !== 'installing') return;
        const message = `the installer did not run: ${e.message}`;
        this.setProblem('install-failed', message);
        const version = this.ready?.info.version ?? null;
        this.audit('update.installing', 'failed', version, `Install failed: ${message}`);
        this.consent.failed();
        this.settle();
        this.publish();
      },
    });
  }

  private async checkFeed(): Promise<void> {
    if (this.state === 'installing') return;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    const feed = this.config.feed ?? this.options.defaultFeed;
    this.state = this.ready ? this.state : 'checking';
    this.publish();
    this.feedUpdater ??= this.makeUpdater(this.options.app);
    const updater = this.feedUpdater;
    const outcome = await checkFeed(feed, {
      updater,
      channel: this.config.channel,
      currentVersion: this.options.app.version,
      onDownloadStarts: (info) => this.downloadStarts(updater, info, 'feed'),
    });
    this.lastCheck = this.now();
    this.apply(outcome, 'feed', this.feedUpdater);
    // Without a feed there is nothing to retry soon: the admin's setting starts the next check.
    this.scheduleNextCheck(outcome.kind === 'unreachable' && feed !== null);
  }

  private async checkBundle(folder: string, channel: UpdateSettings['channel']): Promise<void> {
    const updater = this.makeUpdater(bundleAdapter(this.options.app));
    updater.isUserWithinRollout = () => true;
    if (!this.ready) this.state = 'checking';
    this.publish();
    const outcome = await checkBundle(folder, {
      updater,
      channel,
      currentVersion: this.options.app.version,
      onDownloadStarts: (info) => this.downloadStarts(updater, info, 'bundle'),
    });
    this.apply(outcome, 'bundle', updater);
  }

  private downloadStarts(updater: AppUpdater, info: UpdateInfo, source: AvailableRelease['source']): void {
    // The feed's updater replaces its cached installer with the new one.
    if (this.ready?.updater === updater && this.ready.info.version !== info.version) this.ready = null;
    this.available = toAvailable(info, source);
    this.progress = { transferred: 0, total: info.files?.[0]?.size ?? 0, bytesPerSecond: 0 };
    this.problem = null; // an earlier attempt's refusal is not this verified release's
    if (!this.ready) this.state = 'downloading';
    this.publish();
    this.decided?.settle();
  }

  private apply(outcome: CheckOutcome, source: AvailableRelease['source'], updater: AppUpdater | null): void {
    this.progress = null;
    if (outcome.kind === 'unreachable') {
      this.failures += 1;
      this.setProblem('unreachable', outcome.message);
      this.settleOr('error');
      return this.publish();
    }
    if (source === 'feed') this.failures = 0;
    if (outcome.kind === 'refused') {
      if (this.ready?.updater === updater && source === 'feed' && outcome.problem === 'checksum') this.ready = null;
      this.setProblem(outcome.problem, outcome.message);
      this.audit('update.refused', 'refused', outcome.version, `Update refused: ${outcome.message}`);
      if (!this.ready) this.available = null;
      this.settleOr('refused');
      return this.publish();
    }
    this.problem = null;
    if (outcome.kind === 'downloaded' && updater) {
      if (
        this.ready &&
        this.ready.updater !== updater &&
        compareVersions(this.ready.info.version, outcome.info.version) > 0
      ) {
        this.settle(); // a newer release (an offline bundle) is ready already
        return this.publish();
      }
      const fresh = this.ready?.updater !== updater || this.ready.info.version !== outcome.info.version;
      this.ready = { updater, info: outcome.info, source };
      this.available = toAvailable(outcome.info, source);
      if (fresh) {
        const from = source === 'bundle' ? 'offline bundle' : 'feed';
        const verified = `downloaded from the ${from} and verified (signed manifest, sha512)`;
        this.audit(
          'update.downloaded',
          'ok',
          outcome.info.version,
          `Watchfloor ${outcome.info.version} ${verified}; it installs with an operator's consent`,
        );
      }
      this.consent.keepIfFor(outcome.info.version);
      this.settle();
      return this.publish();
    }
    if (!this.ready) this.available = outcome.kind === 'not-in-rollout' ? toAvailable(outcome.info, source) : null;
    this.settleOr(outcome.kind);
    this.publish();
  }

  private scheduleNextCheck(failed: boolean): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = null;
    const minutes = failed
      ? Math.min(MAX_BACKOFF_MINUTES, 2 ** Math.max(0, this.failures - 1))
      : this.config.autoCheck
        ? this.config.checkIntervalMinutes
        : null;
    this.nextCheck = minutes === null ? null : this.now() + minutes * 60_000;
    if (minutes === null || !this.started) return;
    this.checkTimer = setTimeout(() => this.runInBackground(), minutes * 60_000);
    this.checkTimer.unref?.();
  }

  // ——— state ———

  private installNow(user: string, when: 'now' | 'window'): void {
    const ready = this.ready;
    if (!ready) return;
    const moment = when === 'now' ? 'now' : 'in the maintenance window';
    const v = ready.info.version;
    this.audit(
      'update.installing',
      'ok',
      v,
      `Installing Watchfloor ${v} with ${user}'s consent (${moment}); the station restarts`,
      user,
    );
    this.consent.installing(user, when);
    this.problem = null;
    this.state = 'installing';
    this.publish();
    ready.updater.quitAndInstall(false, true);
  }

  /** With a release ready, the state says so (consented or not); otherwise `otherwise`. */
  private settleOr(otherwise: UpdateState): void {
    if (this.ready) this.settle();
    else this.state = otherwise;
  }

  private settle(): void {
    if (this.ready) this.available = toAvailable(this.ready.info, this.ready.source);
    const scheduled = this.consent.pendingFor(this.ready?.info.version ?? null);
    this.state = scheduled ? 'scheduled' : 'downloaded';
    this.consent.arm(scheduled);
  }

  private setProblem(kind: UpdateProblemKind, message: string): void {
    this.problem = { kind, message, at: this.now() };
  }

  private save(settings: UpdateSettings): void {
    this.config = settings;
    try {
      saveSettings(this.options.settingsFile, settings);
    } catch (e) {
      this.log(`update settings: cannot write ${this.options.settingsFile}: ${String(e)}`);
    }
  }

  private audit(
    action: StationReport['action'],
    outcome: StationReport['outcome'],
    version: string | null,
    message: string,
    actor = 'station',
  ): void {
    try {
      this.options.audit({ action, outcome, version, message, stationVersion: this.options.app.version, actor });
    } catch (e) {
      this.log(`updates: audit failed: ${String(e)}`);
    }
  }

  private snapshot(): StationStatus {
    let startAtLogin: boolean | null;
    try {
      startAtLogin = this.options.loginItem?.get() ?? null;
    } catch {
      startAtLogin = null;
    }
    return {
      managed: true,
      unmanagedReason: null,
      version: this.options.app.version,
      platform: process.platform,
      channel: this.config.channel,
      feed: this.config.feed ?? this.options.defaultFeed,
      autoCheck: this.config.autoCheck,
      checkIntervalMinutes: this.config.checkIntervalMinutes,
      maintenanceWindow: this.config.maintenanceWindow,
      startAtLogin,
      state: this.state,
      lastCheck: this.lastCheck,
      nextCheck: this.nextCheck,
      available: this.available,
      progress: this.progress,
      problem: this.problem,
      install: this.consent.view(),
    };
  }

  private publish(): void {
    if (this.listeners.size === 0) return;
    const status = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (e) {
        this.log(`updates: a status listener failed: ${String(e)}`);
      }
    }
  }
}
