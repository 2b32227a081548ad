// The engine host's remote mode: instead of running an engine, the utility process holds the
// desktop's session with a central engine (remote-session.ts) and one link per window port
// (remote-link.ts). The shell asks it to sign in, out, or for the session status (remote calls,
// answered by id); it tells the shell when the engine signed the desktop out and what stops it
// from connecting. Plain Node, no electron: tested against a real `serve`.
import { EngineError, toErrorPayload, type ErrorPayload } from '../../../shared/errors';
import type { PortLike } from '../../../shared/rpc/port-channel';
import type { RemoteCall } from './remote-call';
import { parseEngineUrl, type EngineAddress } from './engine-url';
import { RemoteLink, SignInGate, type RemoteLinkEvents } from './remote-link';
import { RemoteSession } from './remote-session';

export type { RemoteCall };

export type RemoteAnswer = { ok: true; data: unknown } | { ok: false; error: ErrorPayload };

export interface RemoteEngineHostOptions extends RemoteLinkEvents {
  url: string;
  fingerprint: string | null;
  log?: (message: string) => void;
  backoffMs?: readonly number[];
}

export class RemoteEngineHost {
  readonly address: EngineAddress;
  readonly session: RemoteSession;
  private readonly gate = new SignInGate();
  private readonly links = new Set<RemoteLink>();

  constructor(private readonly options: RemoteEngineHostOptions) {
    this.address = parseEngineUrl(options.url);
    this.session = new RemoteSession(this.address, options.fingerprint);
  }

  /** A window's port: relayed to the central engine until either side closes. */
  connect(port: PortLike): RemoteLink {
    const { onSignedOut, onProblem, log, backoffMs, fingerprint } = this.options;
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
    for (const link of [...this.links]) link.close();
  }
}
