// The engine's utility process as seen from the shell: forks it with the resolved
// configuration, restarts it with backoff when it dies unexpectedly, hands it renderer
// ports, and stops it cleanly (a `stop` message, then kill after a grace period). An engine
// that reports it cannot start (a damaged state file, a full disk…) is not restarted: the
// same start would fail again, so the shell shows the reason instead of looping. The station's
// messages (the updater's calls and questions) pass through to the StationBridge.
import type { Config } from '../engine/config/config-schema';
import type { MessagePortMainLike, UtilityProcessLike, UtilityProcessModule } from './electron-api';
import { FromEngineHost, type ToEngineHost } from './engine-host-protocol';
import type { RemoteCall } from './remote/remote-call';
import type { RemoteAnswer } from './remote/remote-engine-host';
import type { StationHost, StationMessageFromHost } from './station/station-bridge';

export interface EngineProcessOptions {
  utilityProcess: UtilityProcessModule;
  /** Absolute path of out/main/engine-host.js. */
  modulePath: string;
  config: Config;
  version: string;
  /** --new-state, for the first start only: a restart must not replace anything. */
  newState?: boolean;
  /** The data key sealing stored secrets (hex), from safeStorage; absent: the engine's key file. */
  secretsKey?: string;
  /** Attached to a central engine: the process relays windows there and runs no engine. */
  remote?: { url: string; fingerprint: string | null };
  /** What the remote mode reports: signed out (4401), or a connection problem (null: fixed). */
  onRemoteEvent?: (
    event: { type: 'signed-out' } | { type: 'problem'; message: string | null; certificateChanged: boolean },
  ) => void;
  log?: (message: string) => void;
  /** Each time an engine reports ready; `restarted` is false only for the first one. */
  onReady?: (info: { restarted: boolean }) => void;
  /** An engine exited without being asked to. */
  onUnexpectedExit?: (code: number) => void;
  /** An engine reported that it cannot start, and exited; it is not restarted. */
  onStartFailure?: (message: string) => void;
  /** The engine host's station messages (station/station-bridge.ts), with this process to answer on. */
  onStationMessage?: (message: StationMessageFromHost, host: StationHost) => void;
  /** Delays before successive restarts; the last one repeats. */
  backoffMs?: readonly number[];
  /** An engine that ran this long after ready resets the backoff. */
  stableAfterMs?: number;
  now?: () => number;
}

type State = 'idle' | 'running' | 'waiting-to-restart' | 'stopping' | 'stopped';

export const DEFAULT_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;

export class EngineProcess implements StationHost {
  private state: State = 'idle';
  private child: UtilityProcessLike | undefined;
  private pendingPorts: MessagePortMainLike[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private readyAt: number | undefined;
  private hasExited = false;
  private spawned = 0;
  /** What the current engine reported before it ever was ready. */
  private startError: string | undefined;
  private exitWaiters: (() => void)[] = [];
  private nextCallId = 1;
  private readonly calls = new Map<number, (answer: RemoteAnswer) => void>();
  private stopping: Promise<void> | undefined;
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: EngineProcessOptions) {
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** An engine host is up and has reported ready (questions to it get answers). */
  get ready(): boolean {
    return this.child !== undefined && this.readyAt !== undefined && this.state === 'running';
  }

  /** A message to the running engine host; dropped when none runs. */
  send(message: ToEngineHost): void {
    this.post(message);
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.spawn();
  }

  /** Hands one end of a renderer's channel to the engine; held until an engine is up. */
  connect(port: MessagePortMainLike): void {
    if (this.state === 'stopping' || this.state === 'stopped') {
      port.close();
      return;
    }
    if (this.child) this.post({ type: 'connect' }, [port]);
    else this.pendingPorts.push(port);
  }

  /** A sign-in call for the central engine (remote mode), answered by the engine host. */
  call(request: RemoteCall, timeoutMs = 20_000): Promise<RemoteAnswer> {
    if (!this.child) {
      return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'the engine host is not running' } });
    }
    const id = this.nextCallId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.calls.delete(id);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: 'the engine host did not answer' } });
      }, timeoutMs);
      this.calls.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.post({ type: 'remote-call', id, request });
    });
  }

  /** Asks the engine to stop; kills it if it has not exited within `timeoutMs`. */
  stop(timeoutMs = 5_000): Promise<void> {
    this.stopping ??= this.doStop(timeoutMs);
    return this.stopping;
  }

  private async doStop(timeoutMs: number): Promise<void> {
    this.state = 'stopping';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    for (const port of this.pendingPorts) port.close();
    this.pendingPorts = [];
    const child = this.child;
    if (child) {
      const exited = new Promise<boolean>((resolve) => this.exitWaiters.push(() => resolve(true)));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        this.post({ type: 'stop' });
      } catch (err) {
        this.log(`could not ask the engine to stop: ${(err as Error).message}`);
      }
      const clean = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (!clean) {
        this.log(`engine did not stop within ${timeoutMs} ms; killing it`);
        child.kill();
      }
    }
    this.child = undefined;
    this.state = 'stopped';
  }

  private post(message: ToEngineHost, transfer?: MessagePortMainLike[]): void {
    this.child?.postMessage(message, transfer);
  }

  private spawn(): void {
    this.restartTimer = undefined;
    this.readyAt = undefined;
    this.startError = undefined;
    let child: UtilityProcessLike;
    try {
      child = this.options.utilityProcess.fork(this.options.modulePath, [], {
        serviceName: 'Watchfloor engine',
        stdio: 'inherit',
      });
    } catch (err) {
      this.log(`could not start the engine: ${(err as Error).message}`);
      this.state = 'running';
      this.handleExit(undefined, -1);
      return;
    }
    this.child = child;
    this.state = 'running';
    child.on('message', (raw) => this.handleMessage(raw));
    child.on('exit', (code) => this.handleExit(child, code));
    const newState = this.spawned++ === 0 && this.options.newState === true;
    const { remote, secretsKey, config, version } = this.options;
    if (remote) this.post({ type: 'start-remote', url: remote.url, fingerprint: remote.fingerprint, version });
    else this.post({ type: 'start', config, version, newState, ...(secretsKey ? { secretsKey } : {}) });
    const ports = this.pendingPorts;
    this.pendingPorts = [];
    for (const port of ports) this.post({ type: 'connect' }, [port]);
  }

  private handleMessage(raw: unknown): void {
    const parsed = FromEngineHost.safeParse(raw);
    if (!parsed.success) {
      this.log('ignored a malformed message from the engine');
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      this.readyAt = this.now();
      this.log(`engine ready (pid ${this.child?.pid ?? '?'})`);
      this.options.onReady?.({ restarted: this.hasExited });
    } else if (message.type === 'error') {
      this.log(`engine error: ${message.message}`);
      if (this.readyAt === undefined) this.startError = message.message;
    } else if (message.type === 'remote-answer') {
      const settle = this.calls.get(message.id);
      this.calls.delete(message.id);
      settle?.(message.answer as RemoteAnswer);
    } else if (message.type === 'remote-signed-out') {
      this.options.onRemoteEvent?.({ type: 'signed-out' });
    } else if (message.type === 'remote-problem') {
      const { message: text, certificateChanged } = message;
      this.options.onRemoteEvent?.({ type: 'problem', message: text, certificateChanged });
    } else if (message.type === 'station-call' || message.type === 'station-reply') {
      this.options.onStationMessage?.(message, this);
    }
  }

  private handleExit(child: UtilityProcessLike | undefined, code: number): void {
    if (child && child !== this.child) return;
    this.child = undefined;
    for (const wake of this.exitWaiters.splice(0)) wake();
    for (const settle of this.calls.values()) {
      settle({ ok: false, error: { code: 'UNAVAILABLE', message: 'the engine host stopped' } });
    }
    this.calls.clear();
    if (this.state === 'stopping' || this.state === 'stopped') return;

    if (this.startError !== undefined) {
      this.log(`engine could not start (code ${code}); not restarting it`);
      this.state = 'stopped';
      this.options.onStartFailure?.(this.startError);
      return;
    }
    this.hasExited = true;
    const stable = this.readyAt !== undefined && this.now() - this.readyAt >= (this.options.stableAfterMs ?? 60_000);
    if (stable) this.failures = 0;
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const delay = backoff[Math.min(this.failures, backoff.length - 1)] ?? 1_000;
    this.failures += 1;
    this.log(`engine exited unexpectedly (code ${code}); restarting in ${delay} ms`);
    this.options.onUnexpectedExit?.(code);
    this.state = 'waiting-to-restart';
    this.restartTimer = setTimeout(() => this.spawn(), delay);
  }
}
