// A desktop attached to a central engine still answers `station.*` for its own station: the
// updater is this machine's, not the central engine's. Each window's link (remote-link.ts) hands
// the station's requests and the `station.changes` stream to this object instead of relaying them,
// and everything else goes on to the central engine. `station.report` is not taken: it is how a
// station records its update events in the central engine's audit trail.
//
// It serves them with the engine's own station handlers (engine/station/station-handlers.ts) and
// the contract server (shared/rpc/server.ts) on a channel of its own, so parameters are validated
// and refused exactly as the station's own engine would, and a call knows its caller. Who may call
// is the same permission table (shared/permissions.ts), judged against the desktop's session on
// the central engine — its user, role and lock — as the central engine reports it just before
// (remote-session.ts: caller()). The calls are not in the central engine's audit trail as calls;
// the updater's own audit events reach it as `station.report`s (station-reports.ts).
import { roleAtLeast } from '../../../shared/contract/auth';
import type { RequestName, StreamName } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { permissionOf, type Permission } from '../../../shared/permissions';
import type { AccessControl } from '../../../shared/rpc/access-control';
import type { CallerIdentity, Connection } from '../../../shared/rpc/call-context';
import { ChannelEvents } from '../../../shared/rpc/channel-events';
import type { ClientMessage, ServerChannel, ServerMessage } from '../../../shared/rpc/protocol';
import { serveContract, type ContractHandlers } from '../../../shared/rpc/server';
import { stationRequestHandlers, stationStreamHandlers } from '../../engine/station/station-handlers';
import type { StationPort } from '../../engine/station/station-port';

/** The desktop's caller on the central engine, as far as this station needs it. */
export interface StationCaller {
  user: string;
  role: CallerIdentity['role'];
  locked: boolean;
}

const LOCAL_REQUESTS: ReadonlySet<string> = new Set<RequestName>([
  'station.status',
  'station.check',
  'station.settings',
  'station.install',
  'station.cancelInstall',
  'station.importBundle',
]);
const LOCAL_STREAMS: ReadonlySet<string> = new Set<StreamName>(['station.changes']);

/** The permission table's role and lock rules (no area rule applies to station calls). */
export function stationRefusal(name: string, perm: Permission, caller: StationCaller): EngineError | null {
  if (perm.role === 'public') return null;
  if (caller.role === null) return new EngineError('UNAUTHORIZED', `sign in first: ${name} needs a signed-in user`);
  if (caller.locked && perm.audit !== 'none') {
    return new EngineError('FORBIDDEN', 'this screen is locked: unlock it to change anything', {
      required: perm.role,
      role: caller.role,
      locked: true,
    });
  }
  if (!roleAtLeast(caller.role, perm.role)) {
    return new EngineError('FORBIDDEN', `${name} needs the ${perm.role} role; ${caller.user} is ${caller.role}`, {
      required: perm.role,
      role: caller.role,
    });
  }
  return null;
}

export interface LocalStationOptions {
  station: StationPort;
  /** Asks the central engine who this desktop's session is (falls back to the last answer when it cannot). */
  caller(): Promise<StationCaller>;
  /** To the window. */
  send(message: ServerMessage): void;
}

export class LocalStation {
  private readonly events = new ChannelEvents<ClientMessage>('open');
  private current: StationCaller = { user: 'anonymous', role: null, locked: false };
  /** Why the caller is unknown, when the central engine could not be asked (and never answered before). */
  private unknown: EngineError | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Ids of the window's requests and subscriptions served here (for cancel and unsub). */
  private readonly ours = new Set<number>();
  private readonly detach: () => void;

  constructor(private readonly options: LocalStationOptions) {
    const events = this.events;
    const channel: ServerChannel = {
      get status() {
        return events.status;
      },
      send: (message) => options.send(message),
      onMessage: this.events.onMessage,
      onStatus: this.events.onStatus,
      close: () => this.events.setStatus('closed'),
    };
    const refuse = (kind: 'request' | 'stream', name: string) => {
      const perm = permissionOf(kind, name);
      if (this.unknown && perm?.role !== 'public') throw this.unknown;
      const refusal = perm ? stationRefusal(name, perm, this.current) : new EngineError('UNKNOWN_METHOD', name);
      if (refusal) throw refusal;
    };
    const access: AccessControl = {
      connect: () => {
        throw new EngineError('INTERNAL', 'not a transport');
      },
      admit: (method) => refuse('request', method),
      request: (method, _params, _context, run) => {
        refuse('request', method);
        return run();
      },
      stream: (name) => refuse('stream', name),
    };
    const handlers = {
      requests: stationRequestHandlers(options.station),
      streams: stationStreamHandlers(options.station),
      access,
    } as unknown as ContractHandlers;
    const current = () => this.current;
    const connection: Connection = {
      get caller(): CallerIdentity {
        const { user, role, locked } = current();
        return { id: user, role, areas: null, kind: role === null ? 'anonymous' : 'user', locked };
      },
      client: { address: 'desktop', origin: null, trusted: true },
    };
    this.detach = serveContract(channel, handlers, { context: connection, heartbeatMs: 0 });
  }

  /** Serves the message when it is this station's; false: relay it to the central engine. */
  take(message: ClientMessage): boolean {
    if (!message || typeof message !== 'object') return false;
    const mine =
      (message.t === 'req' && LOCAL_REQUESTS.has(message.method)) ||
      (message.t === 'sub' && LOCAL_STREAMS.has(message.stream)) ||
      ((message.t === 'unsub' || message.t === 'cancel') && this.ours.has(message.id));
    if (!mine) return false;
    const starts = message.t === 'req' || message.t === 'sub';
    if (starts) this.ours.add(message.id);
    else if (message.t === 'unsub') this.ours.delete(message.id);
    // In order, each start after asking who the caller is now: an unsub never overtakes its sub.
    this.chain = this.chain.then(async () => {
      if (starts) {
        try {
          this.current = await this.options.caller();
          this.unknown = null;
        } catch (err) {
          this.current = { user: 'anonymous', role: null, locked: false };
          this.unknown =
            err instanceof EngineError
              ? err
              : new EngineError('UNAVAILABLE', `the central engine cannot say who is signed in: ${String(err)}`);
        }
      }
      if (this.events.status === 'open') this.events.emitMessage(message);
      if (message.t === 'req') this.ours.delete(message.id);
    });
    return true;
  }

  /** The window's link ended: every subscription stops. */
  close(): void {
    this.events.setStatus('closed');
    this.detach();
  }
}
