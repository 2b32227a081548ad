// The ingest pipeline: decode → validate → normalize → append to history → detect → alarms →
// live fan-out, in micro-batches. A payload's promise resolves once its readings are durable,
// so sources can acknowledge (MQTT QoS 1, Kafka offsets) only then. Nothing malformed stops
// it: rejected input goes to dead letters with the reason. While history cannot write (disk
// full) submissions are refused at once, unacknowledged, for the sources to redeliver.
import type { Reading } from '../../../shared/domain';
import type { ReadingTimes } from '../../../shared/source-config';
import type { AlarmService } from '../alarms/alarm-service';
import type { HistoryStore } from '../history/history-store';
import type { LiveHub } from '../live/live-hub';
import type { DeadLetterStore, Rejection } from '../state/dead-letters';
import type { DeviceRegistry } from '../state/device-registry';
import { decodeJsonPayload, type DecodeResult } from './decode-json';

const encoder = new TextEncoder();

export interface PipelineOptions extends ReadingTimes {
  autoRegister: boolean;
  maxPayloadBytes: number;
  /** Minimum time between two commits to history while data keeps arriving. */
  commitIntervalMs: number;
}

export interface PipelineDeps {
  registry: DeviceRegistry;
  history: HistoryStore;
  alarms: AlarmService;
  deadLetters: DeadLetterStore;
  live: LiveHub;
  /** Rules, statistics and trend (detect/engine-detection.ts); anomalies written by flush(). */
  detection: { process(batch: readonly Reading[]): void; flush(): Promise<void> };
  clock: () => number;
  log: (message: string) => void;
}

/** What became of one submission, once durable: for sources that answer per row (HTTP). */
export interface IngestOutcome {
  accepted: number;
  rejected: { reason: string; index?: number }[];
}

interface FlushGroup {
  promise: Promise<void>;
  settle: (err?: Error) => void;
}

export interface SourceCounters {
  messages: number;
  readings: number;
  rejected: number;
}

export class Pipeline {
  private queue: Reading[] = [];
  /** History arriving after the fact (file imports): stored, never alarmed on or shown live. */
  private backfill: Reading[] = [];
  private rejections: Rejection[] = [];
  /** Settles when the next flush is durable: shared by everything submitted before it starts. */
  private group: FlushGroup | undefined;
  private flushScheduled = false;
  private lastFlushAt = -Infinity;
  private registrationLog = { since: -Infinity, more: 0 };
  private flushing: Promise<void> = Promise.resolve();
  private receivedCount = 0;
  private readonly perSource = new Map<string, SourceCounters>();

  constructor(
    private readonly deps: PipelineDeps,
    private options: PipelineOptions,
  ) {}

  /** Whether unknown devices and signals are registered (else dead-lettered); changed live from Settings. */
  get autoRegister(): boolean {
    return this.options.autoRegister;
  }

  setAutoRegister(value: boolean): void {
    this.options = { ...this.options, autoRegister: value };
  }

  /** Which reading times are taken and which are live; changed live from Settings. */
  get readingTimes(): ReadingTimes {
    const { maxFutureMs, maxAgeMs, liveWindowMs } = this.options;
    return { maxFutureMs, maxAgeMs, liveWindowMs };
  }

  setReadingTimes(value: ReadingTimes): void {
    this.options = { ...this.options, ...value };
  }

  get received(): number {
    return this.receivedCount;
  }

  /** Readings waiting for the next flush. */
  get queued(): number {
    return this.queue.length + this.backfill.length;
  }

  counters(source: string): SourceCounters {
    let c = this.perSource.get(source);
    if (!c) {
      c = { messages: 0, readings: 0, rejected: 0 };
      this.perSource.set(source, c);
    }
    return c;
  }

  /** False after a storage fault until history has reopened: submissions are refused meanwhile. */
  get writable(): boolean {
    return this.deps.history.writable;
  }

  /** Resolves once submissions are taken again (at once when they are). */
  whenWritable(): Promise<void> {
    return this.deps.history.whenWritable();
  }

  /**
   * Accepts one raw payload from a source. Resolves when every valid reading in it is durable
   * in history (rejected parts are in dead letters by then too).
   */
  submit(source: string, origin: string, payload: Uint8Array): Promise<IngestOutcome> {
    return this.submitDecoded(source, origin, decodeJsonPayload(payload, this.decodeOptions()));
  }

  /** Limits every decoder applies, as of now. */
  decodeOptions() {
    return {
      now: this.deps.clock(),
      maxPayloadBytes: this.options.maxPayloadBytes,
      maxFutureMs: this.options.maxFutureMs,
      maxAgeMs: this.options.maxAgeMs,
    };
  }

  /**
   * Accepts readings a source decoded itself (Sparkplug, CSV, Kafka records…), with the parts
   * it rejected. Resolves once the accepted readings are durable.
   */
  submitDecoded(
    source: string,
    origin: string,
    decoded: DecodeResult,
    options: { deadLetters?: boolean; backfill?: boolean } = {},
  ): Promise<IngestOutcome> {
    const rejected: IngestOutcome['rejected'] = [];
    let accepted: number;
    try {
      accepted = this.admitWhileWritable(source, origin, decoded, options, rejected);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.durable().then(() => ({ accepted, rejected }));
  }

  /**
   * The fast path for sources that need no per-row answer (MQTT, Kafka): queues what the
   * decoder accepted and returns a promise shared by every submission in the same flush, so a
   * message costs no promise of its own. Rejects when that flush could not be made durable.
   */
  accept(source: string, origin: string, decoded: DecodeResult): Promise<void> {
    try {
      this.admitWhileWritable(source, origin, decoded, {}, undefined);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.durable();
  }

  /**
   * Nothing is taken while history cannot write: registering devices or storing dead letters
   * for a message its source will send again would only count it twice. A failure to admit
   * (state.db full) is the submission's failure too: not durable, not acknowledged.
   */
  private admitWhileWritable(...args: Parameters<Pipeline['admit']>): number {
    if (!this.deps.history.writable) throw this.deps.history.refusal();
    try {
      return this.admit(...args);
    } catch (err) {
      this.deps.history.noteStorageFault('a write to state.db', err);
      throw err;
    }
  }

  /** Validates against the registry and queues; returns how many readings were queued. */
  private admit(
    source: string,
    origin: string,
    decoded: DecodeResult,
    { deadLetters = true, backfill = false }: { deadLetters?: boolean; backfill?: boolean },
    rejected: IngestOutcome['rejected'] | undefined,
  ): number {
    const counters = this.counters(source);
    counters.messages++;
    for (const r of decoded.rejects) {
      if (deadLetters) this.rejections.push({ source, origin, reason: r.reason, raw: r.raw });
      rejected?.push(r.index === undefined ? { reason: r.reason } : { reason: r.reason, index: r.index });
    }
    counters.rejected += decoded.rejects.length;

    const { registry } = this.deps;
    // Readings older than the live window when they arrive (a gateway's store-and-forward
    // buffer, a redelivery after a long outage) are history: stored and rolled up, but no
    // alarm is raised from them and live screens do not move.
    const liveSince = backfill ? Infinity : this.deps.clock() - this.options.liveWindowMs;
    let accepted = 0;
    for (const d of decoded.readings) {
      if (!registry.signal(d.deviceId, d.signal)) {
        const reason = this.register(source, origin, d, deadLetters);
        if (reason !== null) {
          rejected?.push(d.index === undefined ? { reason } : { reason, index: d.index });
          counters.rejected++;
          continue;
        }
      }
      const queue = d.ts < liveSince || d.history ? this.backfill : this.queue;
      queue.push({ deviceId: d.deviceId, signal: d.signal, ts: d.ts, value: d.value, quality: d.quality });
      accepted++;
    }
    counters.readings += accepted;
    this.receivedCount += accepted;
    return accepted;
  }

  /**
   * A reading for a series the registry does not know: registers it as unconfigured, or when
   * auto-registration is off rejects it (to dead letters) and returns why.
   */
  private register(source: string, origin: string, d: DecodeResult['readings'][number], deadLetters: boolean) {
    const now = this.deps.clock();
    const known = this.deps.registry.get(d.deviceId) !== undefined;
    if (!this.options.autoRegister) {
      const what = known ? `unknown signal "${d.signal}" on device ${d.deviceId}` : `unknown device "${d.deviceId}"`;
      const reason = `${what} (auto-registration is off)`;
      if (deadLetters) {
        const reading = {
          deviceId: d.deviceId,
          timestamp: new Date(d.ts).toISOString(),
          sensorType: d.signal,
          value: d.value,
          unit: d.unit,
          status: d.quality,
        };
        this.rejections.push({ source, origin, reason, raw: encoder.encode(JSON.stringify(reading)), format: 'json' });
      }
      return reason;
    }
    this.deps.registry.registerUnconfigured(d.deviceId, { key: d.signal, unit: d.unit }, now);
    this.noteRegistration(`${known ? 'signal' : 'device'} ${d.deviceId}/${d.signal} seen on ${origin}`, now);
    return null;
  }

  /** The promise of the flush that will take what is queued now (scheduling it). */
  private durable(): Promise<void> {
    if (!this.group) {
      let settle!: FlushGroup['settle'];
      const promise = new Promise<void>((resolve, reject) => {
        settle = (err) => (err ? reject(err) : resolve());
      });
      promise.catch(() => {}); // each user handles the failure on its own chain
      this.group = { promise, settle };
    }
    this.schedule();
    return this.group.promise;
  }

  /** Logs new registrations, folding a burst (a new plant coming online) into one line a second. */
  private noteRegistration(what: string, now: number): void {
    if (now - this.registrationLog.since >= 1000) {
      if (this.registrationLog.more > 0) this.deps.log(`… and ${this.registrationLog.more} more registered`);
      this.registrationLog = { since: now, more: 0 };
      this.deps.log(`registered ${what}`);
    } else {
      this.registrationLog.more++;
    }
  }

  /** Flushes whatever is queued and waits for it. */
  async drain(): Promise<void> {
    await this.runFlush();
  }

  async stop(): Promise<void> {
    await this.drain();
  }

  /**
   * Group commit: a flush starts as soon as the writer is free, taking everything that arrived
   * meanwhile. Light load gets a commit per burst (lowest latency); heavy load gets large
   * batches (highest throughput), with no timer to tune.
   */
  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Each commit costs a WAL sync: under load, commits are spaced by the commit interval so
    // batches grow; when idle, the next commit starts at once.
    const wait = this.lastFlushAt + this.options.commitIntervalMs - this.deps.clock();
    if (wait > 0) setTimeout(() => void this.runFlush(), wait);
    else setImmediate(() => void this.runFlush());
  }

  /** One flush at a time, in order: the single writer. */
  private runFlush(): Promise<void> {
    this.flushing = this.flushing.then(() => {
      this.flushScheduled = false;
      this.lastFlushAt = this.deps.clock();
      return this.flushOnce();
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue;
    const backfill = this.backfill;
    const rejections = this.rejections;
    const group = this.group;
    if (batch.length === 0 && backfill.length === 0 && rejections.length === 0 && !group) return;
    this.queue = [];
    this.backfill = [];
    this.rejections = [];
    this.group = undefined;
    const now = this.deps.clock();
    try {
      // Readings first: if they fail, the source sends the whole message again and its
      // rejections are stored then, once.
      await this.deps.history.append(backfill.length === 0 ? batch : batch.concat(backfill));
      this.deps.deadLetters.addMany(rejections, now);
    } catch (err) {
      this.deps.history.noteStorageFault('a write of dead letters', err);
      // Not durable: the sources must not acknowledge, so they will redeliver.
      const n = batch.length + backfill.length;
      this.deps.log(`history write failed, ${n} readings not acknowledged: ${(err as Error).message}`);
      group?.settle(err as Error);
      return;
    }
    group?.settle();
    try {
      this.detect(batch);
    } catch (err) {
      this.deps.log(`detection failed on a batch: ${(err as Error).stack ?? String(err)}`);
    }
    this.deps.live.publish(batch);
    await this.deps.detection.flush();
  }

  private detect(batch: readonly Reading[]): void {
    this.deps.detection.process(batch);
  }
}
