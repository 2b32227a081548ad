// The station's installation as the engine sees it: the updater and the start-at-login setting
// belong to the desktop shell (src/main/shell/updates/), which hands the engine this port through
// the engine host. The engine answers the contract's `station.*` calls with it, after its access
// control has decided who may (permissions.ts) and while its audit trail records the call. An
// engine without a desktop (`watchfloor serve`, tests) gets unmanagedStation(): it answers what it
// runs and why nothing is updated from here.
import { EngineError } from '../../../shared/errors';
import type { StationSettingsChange, StationStatus } from '../../../shared/contract/station';
import type { Role } from '../../../shared/contract/auth';

/** Who asked: recorded as the consent's "by" and in the updater's own log. */
export interface StationActor {
  user: string;
  role: Role | null;
}

export interface StationPort {
  status(): Promise<StationStatus>;
  check(): Promise<StationStatus>;
  settings(change: StationSettingsChange, by: StationActor): Promise<StationStatus>;
  /** Refuses (INVALID_STATE, details.blockedBy) while a blocking alarm is active and unacknowledged. */
  install(when: 'now' | 'window', by: StationActor): Promise<StationStatus>;
  cancelInstall(by: StationActor): Promise<StationStatus>;
  importBundle(path: string, by: StationActor): Promise<StationStatus>;
  /** Every change of status; returns the unsubscribe. */
  subscribe(listener: (status: StationStatus) => void): () => void;
}

/** A station whose updates are not managed by Watchfloor (a server install, a development run). */
export function unmanagedStation(version: string, reason: string): StationPort {
  const status: StationStatus = {
    managed: false,
    unmanagedReason: reason,
    version,
    platform: process.platform,
    channel: 'stable',
    feed: null,
    autoCheck: false,
    checkIntervalMinutes: 240,
    maintenanceWindow: null,
    startAtLogin: null,
    state: 'idle',
    lastCheck: null,
    nextCheck: null,
    available: null,
    progress: null,
    problem: null,
    install: { consentBy: null, when: null, blockedBy: [] },
  };
  const refuse = (): never => {
    throw new EngineError('INVALID_STATE', reason);
  };
  return {
    status: () => Promise.resolve(status),
    check: refuse,
    settings: refuse,
    install: refuse,
    cancelInstall: refuse,
    importBundle: refuse,
    subscribe: () => () => {},
  };
}

export const SERVER_INSTALL_REASON =
  'This engine runs as a server (watchfloor serve): install new versions with the package or installer you deployed it with. Desktop stations update themselves.';
