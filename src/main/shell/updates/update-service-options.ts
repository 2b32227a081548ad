// What the station's update service (update-service.ts) is built from, so the shell (shell-app.ts)
// and the tests hand it the same things: electron-updater's app adapter and the platform's updater
// class, an HTTP executor (Electron's `net` in the app; Node's http in tests), the release public
// key, where its settings live, and three questions it asks the rest of the station — which alarms
// block an install, where its audit entries go, and the OS's start-at-login switch.
//
// The service implements the engine's StationPort (src/main/engine/station/station-port.ts), so
// the same object answers `station.*` for the station's own engine and for a desktop attached to
// a central engine.
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { AppUpdater } from 'electron-updater';
import type { ClientRequest } from 'node:http';
import type { HttpExecutor } from 'builder-util-runtime';
import type { BlockingAlarm, StationReport, UpdateChannel } from '../../../shared/contract/station';

/** One update event the audit trail records (the station's engine's trail, or the central engine's). */
export interface StationAuditEvent extends StationReport {
  /** Who: the user who consented or changed a setting; `station` for what the updater did by itself. */
  actor: string;
}

export interface LoginItem {
  /** Whether Watchfloor starts when this station's user signs in; null where the OS or build cannot. */
  get(): boolean | null;
  set(on: boolean): void;
}

export interface UpdateServiceOptions {
  /** electron-updater's app adapter: version, userData (install id, settings), cache, quit, relaunch. */
  app: AppAdapter;
  /** The platform's updater class with that adapter (AppImageUpdater, DebUpdater, NsisUpdater, MacUpdater). */
  createUpdater(app: AppAdapter): AppUpdater;
  /** Used for every feed request and download (the app: Electron's net; tests: Node's http). */
  httpExecutor: HttpExecutor<Pick<ClientRequest, 'abort' | 'end'>>;
  /** The release public key (PEM) shipped in build/update-signing-key.pem. */
  publicKeyPem: string;
  /** JSON file with the admin's choices (channel, feed, window, auto check) and a pending consent. */
  settingsFile: string;
  /** The installer's own feed (app-update.yml); null: none configured (an admin sets one). */
  defaultFeed: string | null;
  defaultChannel: UpdateChannel;
  /** Active, unacknowledged alarms of high priority or above on the engine this station shows. */
  blockingAlarms(): Promise<BlockingAlarm[]>;
  audit(event: StationAuditEvent): void;
  loginItem?: LoginItem;
  clock?: () => number;
  log?: (message: string) => void;
}
