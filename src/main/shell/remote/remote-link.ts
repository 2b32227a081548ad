// One window's connection to a central engine: the window's MessagePort on one side, one
// WebSocket (pinned, `Authorization: Bearer <session>`, `x-watchfloor-client: desktop`) on the
// other, and the contract's messages relayed both ways untouched — the rpc protocol does not care
// what carries it, so the window talks to the central engine exactly as it talks to its own.
// Runs in the engine host (the utility process), so live data never crosses the main process.
//
// Life of a link:
// - connecting: the WebSocket is being opened, again and again with backoff (0.25 s doubling to
//   5 s) while the engine cannot be reached; the window's messages wait (up to MAX_QUEUED).
// - waiting for sign-in: the engine said 401/4401 and there is no session: nothing is tried, the
//   window's requests are answered UNAUTHORIZED at once; a sign-in connects every waiting link.
// - open: relaying.
// - an open WebSocket that closes (engine restarted, network gone, session revoked) closes the
//   window's port: the window then sees its channel close, asks for a fresh port (its
//   subscriptions are re-sent on that one, as after a local engine restart) and a new link starts.
//   Code 4401 (signed out) first tells the window to sign in again (`onSignedOut`).
// - a silent drop (a pulled cable, a VPN gone: no close ever arrives) is caught like the browser's
//   channel catches it: once the engine has sent its first heartbeat (`hb`, every 2 s), 4.5 s
//   without any message ends the socket, and the window's port with it.
// This station's own `station.*` (its updater) are answered here, whatever the link's state, and
// never relayed (local-station.ts).
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { PortLike } from '../../../shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../../shared/rpc/protocol';
import { SILENCE_MS } from '../../../shared/rpc/websocket-channel';
import type { StationPort } from '../../engine/station/station-port';
import type { EngineAddress } from './engine-url';
import { LocalStation } from './local-station';
import { CertificateChangedError, pinnedConnection } from './pinned-connection';
import { DESKTOP_CLIENT_HEADER, DESKTOP_CLIENT_VALUE, type RemoteSession } from './remote-session';

export const SIGNED_OUT_CLOSE_CODE = 4401;
const BACKOFF_MS = [250, 500, 1000, 2000, 5000] as const;
const MAX_QUEUED = 1000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface RemoteLinkEvents {
  /** The engine ended the session (4401) or refused the upgrade (401): the window signs in again. */
  onSignedOut(): void;
  /** A connection attempt failed: words for Settings → Engine and the log; null once connected. */
  onProblem(message: string | null, certificateChanged: boolean): void;
}

export interface RemoteLinkOptions extends RemoteLinkEvents {
  address: EngineAddress;
  fingerprint: string | null;
  session: RemoteSession;
  /** Shared by every link of one engine: a 401 makes the others wait for a sign-in too. */
  gate: SignInGate;
  backoffMs?: readonly number[];
  log?: (message: string) => void;
  /** This station's updater: its `station.*` are answered here instead of by the central engine. */
  station?: StationPort;
}

/** Whether the engine wants a sign-in before it takes WebSockets. */
export class SignInGate {
  required = false;
}

type State = 'connecting' | 'waiting-for-sign-in' | 'open' | 'closed';

export class RemoteLink {
  private state: State = 'connecting';
  private socket: WebSocket | undefined;
  private queue: ClientMessage[] = [];
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private readonly stopWatching: () => void;
  private readonly log: (message: string) => void;
  private readonly station: LocalStation | undefined;

  constructor(
    private readonly port: PortLike,
    private readonly options: RemoteLinkOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.station = options.station
      ? new LocalStation({
          station: options.station,
          caller: () => options.session.caller(),
          send: (message) => {
            if (this.state !== 'closed') port.postMessage(message);
          },
        })
      : undefined;
    port.listen(
      (data) => this.fromWindow(data as ClientMessage),
      () => this.close(),
    );
    this.stopWatching = options.session.onChange((signedIn) => {
      if (signedIn && this.state === 'waiting-for-sign-in') {
        this.state = 'connecting';
        this.connect();
      }
    });
    this.connect();
  }

  get status(): State {
    return this.state;
  }

  /** Ends the link and the window's port (the target changed, or the host stops). */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.stopWatching();
    this.station?.close();
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearInterval(this.watchdog);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.close(1000);
    }
    this.port.close();
  }

  private fromWindow(message: ClientMessage): void {
    if (this.station?.take(message)) return;
    if (this.state === 'open' && this.socket) {
      this.socket.send(JSON.stringify(message));
      return;
    }
    if (this.state === 'waiting-for-sign-in') {
      this.refuse(message);
      return;
    }
    if (this.state !== 'connecting') return;
    if (this.queue.length >= MAX_QUEUED) {
      this.refuse(message, 'UNAVAILABLE', 'the central engine is not answering');
      return;
    }
    this.queue.push(message);
  }

  /** Answers a request or subscription the link cannot carry, so the window does not wait for a timeout. */
  private refuse(
    message: ClientMessage,
    code: 'UNAUTHORIZED' | 'UNAVAILABLE' = 'UNAUTHORIZED',
    text = 'sign in to the central engine',
  ): void {
    const error = { code, message: text };
    let answer: ServerMessage | undefined;
    if (message.t === 'req') answer = { t: 'res', id: message.id, ok: false, error };
    else if (message.t === 'sub') answer = { t: 'end', id: message.id, error };
    if (answer) this.port.postMessage(answer);
  }

  private connect(): void {
    if (this.state !== 'connecting') return;
    const { address, fingerprint, session, gate } = this.options;
    if (gate.required && !session.current) {
      this.waitForSignIn();
      return;
    }
    const secret = session.current;
    const socket = new WebSocket(address.wsUrl, {
      createConnection: pinnedConnection(address, fingerprint) as never,
      headers: {
        [DESKTOP_CLIENT_HEADER]: DESKTOP_CLIENT_VALUE,
        ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      },
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    this.socket = socket;
    let refusedStatus: number | undefined;
    let failure: Error | undefined;
    let lastHeard = Date.now();
    let heartbeats = false;
    socket.on('unexpected-response', (_req, res: IncomingMessage) => {
      refusedStatus = res.statusCode;
      res.resume();
      socket.terminate();
    });
    socket.on('error', (err) => {
      failure = err;
    });
    socket.on('open', () => {
      if (this.state !== 'connecting') return;
      this.state = 'open';
      this.attempt = 0;
      this.options.onProblem(null, false);
      for (const message of this.queue.splice(0)) socket.send(JSON.stringify(message));
      this.watchdog = setInterval(() => {
        if (heartbeats && Date.now() - lastHeard > SILENCE_MS) {
          this.log(`the central engine went silent for ${SILENCE_MS / 1000} s; reconnecting`);
          socket.terminate();
        }
      }, 1000);
      this.watchdog.unref?.();
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary || this.state !== 'open') return;
      lastHeard = Date.now();
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if ((message as { t?: unknown }).t === 'hb') heartbeats = true;
      this.port.postMessage(message);
    });
    socket.on('close', (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = undefined;
      const wasOpen = this.state === 'open';
      if (this.state === 'closed') return;
      if (code === SIGNED_OUT_CLOSE_CODE || refusedStatus === 401) {
        this.signedOut(secret, wasOpen);
        return;
      }
      if (wasOpen) {
        this.log(`the central engine closed the connection (code ${code}); the window reconnects`);
        this.close();
        return;
      }
      this.failed(refusedStatus, failure);
    });
  }

  private signedOut(presented: string | null, wasOpen: boolean): void {
    const { session, gate } = this.options;
    gate.required = true;
    // Only the session this socket presented is over; a newer sign-in meanwhile stays.
    if (presented !== null && session.current === presented) session.expired();
    this.options.onSignedOut();
    if (wasOpen) {
      this.close();
      return;
    }
    if (session.current) this.scheduleRetry();
    else this.waitForSignIn();
  }

  private waitForSignIn(): void {
    this.state = 'waiting-for-sign-in';
    for (const message of this.queue.splice(0)) this.refuse(message);
  }

  private failed(status: number | undefined, err: Error | undefined): void {
    const changed = err instanceof CertificateChangedError;
    const message =
      status !== undefined
        ? status === 403
          ? 'the central engine refused this desktop (HTTP 403: is this station’s address allowed there?)'
          : `the central engine refused the connection (HTTP ${status})`
        : (err?.message ?? 'the central engine closed the connection');
    if (this.attempt === 0) this.log(`cannot connect to ${this.options.address.origin}: ${message}`);
    this.options.onProblem(message, changed);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const backoff = this.options.backoffMs ?? BACKOFF_MS;
    const delay = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 1000;
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect();
    }, delay);
  }
}
