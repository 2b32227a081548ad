// The shell's side of the station messages (station-messages.ts): the station's UpdateService
// answers the engine host's `station-call`s and its changes are pushed to the host; the service's
// two questions to the rest of the station go the other way — which alarms block an install
// (answered by the host, from its engine or from the central engine) and where an update event is
// recorded (the host's engine's audit trail, or the central engine's).
//
// The bridge outlives engine hosts: the shell's engine host may restart (a crash) or be replaced
// (Settings → Engine), and the bridge always talks to the current one (`host()`). Without a running
// host, blockingAlarms() fails UNAVAILABLE — an install must not go ahead when nobody can say
// whether an alarm is active — and audit events wait (at most MAX_WAITING_EVENTS) for the next host
// to be ready.
import type { BlockingAlarm } from '../../../shared/contract/station';
import { EngineError, toErrorPayload } from '../../../shared/errors';
import type { StationPort } from '../../engine/station/station-port';
import type { FromEngineHost, ToEngineHost } from '../engine-host-protocol';
import type { StationAuditEvent } from '../updates/update-service-options';
import type { StationCall } from './station-messages';

export const MAX_WAITING_EVENTS = 100;
const QUESTION_TIMEOUT_MS = 10_000;

/** An engine host as the bridge needs it (EngineProcess). */
export interface StationHost {
  /** An engine (or the links to a central engine) is up and answering. */
  readonly ready: boolean;
  send(message: ToEngineHost): void;
}

export type StationMessageFromHost = Extract<FromEngineHost, { type: 'station-call' | 'station-reply' }>;

interface Question {
  resolve(alarms: BlockingAlarm[]): void;
  reject(error: EngineError): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface StationBridgeOptions {
  /** The engine host running now, if any. */
  host(): StationHost | undefined;
  log?: (message: string) => void;
  questionTimeoutMs?: number;
}

export class StationBridge {
  private station: StationPort | undefined;
  private unsubscribe: (() => void) | undefined;
  private nextId = 1;
  private readonly questions = new Map<number, Question>();
  private readonly waiting: StationAuditEvent[] = [];

  constructor(private readonly options: StationBridgeOptions) {}

  /** The station's updater, once built (it is built with this bridge's questions). */
  serve(station: StationPort): void {
    this.unsubscribe?.();
    this.station = station;
    this.unsubscribe = station.subscribe((status) => {
      const host = this.options.host();
      if (host?.ready) host.send({ type: 'station-status', status });
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.hostGone();
  }

  /** A message about the station from `host`. */
  fromHost(message: StationMessageFromHost, host: StationHost): void {
    if (message.type === 'station-reply') {
      const question = this.questions.get(message.id);
      if (!question) return;
      this.questions.delete(message.id);
      clearTimeout(question.timer);
      if (message.answer.ok) question.resolve(message.answer.data);
      else question.reject(EngineError.from(message.answer.error));
      return;
    }
    const { id, call } = message;
    // unmanagedStation() refuses by throwing at once: turn that into an answer too.
    void Promise.resolve()
      .then(() => this.run(call))
      .then(
        (data) => host.send({ type: 'station-answer', id, answer: { ok: true, data } }),
        (err: unknown) => host.send({ type: 'station-answer', id, answer: { ok: false, error: toErrorPayload(err) } }),
      );
  }

  /** A host became ready: events that waited for one are recorded now. */
  hostReady(): void {
    const host = this.options.host();
    if (!host?.ready) return;
    for (const event of this.waiting.splice(0)) host.send({ type: 'station-audit', event });
  }

  /** The host exited or is being replaced: questions it was asked will not be answered. */
  hostGone(): void {
    for (const [id, question] of this.questions) {
      clearTimeout(question.timer);
      question.reject(new EngineError('UNAVAILABLE', 'the engine stopped before it could say which alarms are active'));
      this.questions.delete(id);
    }
  }

  /** UpdateServiceOptions.blockingAlarms */
  blockingAlarms(): Promise<BlockingAlarm[]> {
    const host = this.options.host();
    if (!host?.ready) {
      return Promise.reject(
        new EngineError('UNAVAILABLE', 'the engine is not running: it cannot say whether a high alarm is active'),
      );
    }
    const id = this.nextId++;
    const timeoutMs = this.options.questionTimeoutMs ?? QUESTION_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.questions.delete(id);
        reject(
          new EngineError('TIMEOUT', `the engine did not say which alarms are active within ${timeoutMs / 1000} s`),
        );
      }, timeoutMs);
      timer.unref?.();
      this.questions.set(id, { resolve, reject, timer });
      host.send({ type: 'station-question', id, question: 'blockingAlarms' });
    });
  }

  /** UpdateServiceOptions.audit */
  audit(event: StationAuditEvent): void {
    const host = this.options.host();
    if (host?.ready) {
      host.send({ type: 'station-audit', event });
      return;
    }
    this.waiting.push(event);
    if (this.waiting.length > MAX_WAITING_EVENTS) {
      const dropped = this.waiting.shift()!;
      this.options.log?.(`update event not recorded (no engine for too long): ${dropped.action} ${dropped.message}`);
    }
  }

  private run(call: StationCall) {
    const station = this.station;
    if (!station) return Promise.reject(new EngineError('UNAVAILABLE', 'the station’s updater is not running'));
    switch (call.op) {
      case 'status':
        return station.status();
      case 'check':
        return station.check();
      case 'settings':
        return station.settings(call.change, call.by);
      case 'install':
        return station.install(call.when, call.by);
      case 'cancelInstall':
        return station.cancelInstall(call.by);
      case 'importBundle':
        return station.importBundle(call.path, call.by);
    }
  }
}
