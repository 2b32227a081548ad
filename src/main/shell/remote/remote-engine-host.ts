// The engine host's remote mode: instead of running an engine, the utility process holds the
// desktop's session with a central engine (remote-session.ts) and one link per window port
// (remote-link.ts). The shell asks it to sign in, out, or for the session status (remote calls,
// answered by id); it tells the shell when the engine signed the desktop out and what stops it
// from connecting. Plain Node, no electron: tested against a real `serve`.
//
// The station's updater still belongs to this desktop: every link answers `station.*` from it
// (local-station.ts); the blocking alarms it asks about are the central engine's (`alarms.list`
// over the desktop's session), and its audit events go there as `station.report`s, queued while
// nobody is signed in (station-reports.ts).
import { BLOCKING_ALARM_QUERY, blockingAlarmsOf } from '../../../shared/blocking-alarms';
import type { BlockingAlarm } from '../../../shared/contract/station';
import { EngineError, toErrorPayload, type ErrorPayload } from '../../../shared/errors';
import type { PortLike } from '../../../shared/rpc/port-channel';
import type { StationPort } from '../../engine/station/station-port';
import type { StationAuditEvent } from '../updates/update-service-options';
import { CentralCalls } from './central-calls';
import type { RemoteCall } from './remote-call';
import { parseEngineUrl, type EngineAddress } from './engine-url';
import { RemoteLink, SignInGate, type RemoteLinkEvents } from './remote-link';
import { RemoteSession } from './remote-session';
import { StationReports } from './station-reports';

export type { RemoteCall };

export type RemoteAnswer = { ok: true; data: unknown } | { ok: false; error: ErrorPayload };

export interface RemoteEngineHostOptions extends RemoteLinkEvents {
  url: string;
  fingerprint: string | null;
  log?: (message: string) => void;
  backoffMs?: readonly number[];
  /** This station's updater (the engine host's StationProxy); without it `station.*` go to the central engine. */
  station?: StationPort;
  /** How long a report that could not go waits before it is tried again (station-reports.ts). */
  reportRetryMs?: number;
}

export class RemoteEngineHost {
  readonly address: EngineAddress;
  readonly session: RemoteSession;
  private readonly gate = new SignInGate();
  private readonly links = new Set<RemoteLink>();
  private readonly central = new CentralCalls((port) => this.connect(port));
  private readonly reports: StationReports;
  private readonly stopWatching: () => void;

  constructor(private readonly options: RemoteEngineHostOptions) {
    this.address = parseEngineUrl(options.url);
    this.session = new RemoteSession(this.address, options.fingerprint);
    this.reports = new StationReports({
      send: (report) => this.central.request('station.report', report),
      ...(options.log ? { log: options.log } : {}),
      ...(options.reportRetryMs ? { retryMs: options.reportRetryMs } : {}),
    });
    this.stopWatching = this.session.onChange((signedIn) => {
      if (signedIn) void this.reports.flush();
    });
  }

  /** The central engine's blocking alarms: this desktop shows (and an operator here answers) those. */
  async blockingAlarms(): Promise<BlockingAlarm[]> {
    return blockingAlarmsOf(await this.central.request('alarms.list', BLOCKING_ALARM_QUERY));
  }

  /** Records an update event in the central engine's audit trail (queued while nobody is signed in). */
  report(event: StationAuditEvent): void {
    this.reports.add(event);
  }

  /** Update reports still waiting for a sign-in (or for the engine). */
  get waitingReports(): number {
    return this.reports.waiting;
  }

  /** A window's port: relayed to the central engine until either side closes. */
  connect(port: PortLike): RemoteLink {
    const { onSignedOut, onProblem, log, backoffMs, fingerprint, station } = this.options;
    const link = new RemoteLink(
      {
        ...port,
        close: () => {
          this.links.delete(link);
          port.close();
        },
      },
      {
        address: this.address,
        fingerprint,
        session: this.session,
        gate: this.gate,
        onSignedOut,
        onProblem,
        ...(log ? { log } : {}),
        ...(backoffMs ? { backoffMs } : {}),
        ...(station ? { station } : {}),
      },
    );
    this.links.add(link);
    return link;
  }

  async call(request: RemoteCall): Promise<RemoteAnswer> {
    try {
      switch (request.call) {
        case 'status':
          return { ok: true, data: await this.session.status() };
        case 'signIn':
          return { ok: true, data: await this.session.signIn(request.user, request.password) };
        case 'signOut':
          await this.session.signOut();
          for (const link of [...this.links]) link.close();
          return { ok: true, data: await this.session.status() };
      }
    } catch (err) {
      const error = err instanceof EngineError ? err : new EngineError('UNAVAILABLE', (err as Error).message);
      return { ok: false, error: toErrorPayload(error) };
    }
  }

  /** Closes every link (and so every window's port); the session is forgotten with this object. */
  stop(): void {
    this.stopWatching();
    this.reports.stop();
    this.central.close();
    for (const link of [...this.links]) link.close();
  }
}
