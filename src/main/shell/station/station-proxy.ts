// The StationPort the engine host hands its engine (`new Engine(config, { station })`) and the
// remote mode's links: every call goes to the shell as a `station-call` and comes back as the
// shell's `station-answer` (station-messages.ts), where the station's UpdateService answers it.
// Errors come back as they were thrown — code, message and details — so a refused install keeps
// its INVALID_STATE and details.blockedBy all the way to the window. The shell pushes every change
// of status (`station-status`), which is what `station.changes` subscribers get.
import { EngineError } from '../../../shared/errors';
import type { StationSettingsChange, StationStatus } from '../../../shared/contract/station';
import type { StationActor, StationPort } from '../../engine/station/station-port';
import type { StationAnswer, StationCall } from './station-messages';

/** A check or a bundle import on a slow share can take a while; a window's own call gives up sooner. */
export const STATION_CALL_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(status: StationStatus): void;
  reject(error: EngineError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class StationProxy implements StationPort {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: StationStatus) => void>();
  private closed = false;

  constructor(
    private readonly send: (message: { type: 'station-call'; id: number; call: StationCall }) => void,
    private readonly timeoutMs = STATION_CALL_TIMEOUT_MS,
  ) {}

  status = (): Promise<StationStatus> => this.call({ op: 'status' });
  check = (): Promise<StationStatus> => this.call({ op: 'check' });
  settings = (change: StationSettingsChange, by: StationActor) => this.call({ op: 'settings', change, by });
  install = (when: 'now' | 'window', by: StationActor) => this.call({ op: 'install', when, by });
  cancelInstall = (by: StationActor) => this.call({ op: 'cancelInstall', by });
  importBundle = (path: string, by: StationActor) => this.call({ op: 'importBundle', path, by });

  subscribe(listener: (status: StationStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The shell's answer to call `id`. */
  settle(id: number, answer: StationAnswer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (answer.ok) pending.resolve(answer.data);
    else pending.reject(EngineError.from(answer.error));
  }

  /** The shell says the station's status changed. */
  push(status: StationStatus): void {
    for (const listener of [...this.listeners]) listener(status);
  }

  /** The host is stopping: calls still waiting fail, nothing more is sent. */
  close(): void {
    this.closed = true;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new EngineError('UNAVAILABLE', 'the engine is stopping'));
      this.pending.delete(id);
    }
    this.listeners.clear();
  }

  private call(call: StationCall): Promise<StationStatus> {
    if (this.closed) return Promise.reject(new EngineError('UNAVAILABLE', 'the engine is stopping'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new EngineError(
            'TIMEOUT',
            `the station's updater did not answer ${call.op} within ${this.timeoutMs / 1000} s`,
          ),
        );
      }, this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, { resolve, reject, timer });
      this.send({ type: 'station-call', id, call });
    });
  }
}
