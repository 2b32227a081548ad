// The ingest pipeline: decode → validate → normalize → append to history → detect → alarms →
// live fan-out, in micro-batches. A payload's promise resolves once its readings are durable,
// so sources can acknowledge (MQTT QoS 1, Kafka offsets) only then. Nothing malformed stops
// it: rejected input goes to dead letters with the reason. While history cannot write (disk
// full) submissions are refused at once, unacknowledged, for the sources to redeliver.
import type { Reading } from '../../../shared/domain';
import type { ReadingTimes } from '../../../shared/source-config';
import type { HistoryStore } from '../history/history-store';
import type { LiveHub } from '../live/live-hub';
import type { DeadLetterStore, Rejection } from '../state/dead-letters';
import type { DeviceRegistry } from '../state/device-registry';
import { decodeJsonPayload, type DecodedReading, type DecodeOptions, type DecodeResult } from './decode-json';
import { guardDecode, messageOf } from './decode-guard';
import { formatTime } from './reading-time';
import { isStorageFault } from '../history/history-availability';
import { MAX_READING_MAGNITUDE } from '../history/readings-store';
import { groupRejections, type RejectPart } from './reject-groups';
import { PipelineMeter, type SourceCounters } from './pipeline-meter';

const encoder = new TextEncoder();

/** Why a reading beyond ±1e100 (MAX_READING_MAGNITUDE, readings-store.ts) is refused, on every channel. */
function magnitudeRefusal(value: number): string | undefined {
  return Math.abs(value) < MAX_READING_MAGNITUDE
    ? undefined
    : `"value" ${value} is beyond ±1e100: no measurement is that large, and history could not keep its statistics`;
}

/** A refused reading, kept in the documented JSON form so that a re-queue can decode it. */
function readingPart(d: DecodedReading, reason: string): RejectPart {
  const reading = {
    deviceId: d.deviceId,
    timestamp: formatTime(d.ts),
    sensorType: d.signal,
    value: d.value,
    unit: d.unit,
    status: d.quality,
  };
  return { reason, raw: encoder.encode(JSON.stringify(reading)), format: 'json', join: 'json' };
}

const seriesKey = (d: DecodedReading) => `${d.deviceId}\0${d.signal}`;

export interface PipelineOptions extends ReadingTimes {
  autoRegister: boolean;
  maxPayloadBytes: number;
  /** Minimum time between two commits to history while data keeps arriving. */
  commitIntervalMs: number;
  /** Signals a device may gain from the wire; readings of more are dead-lettered. */
  maxSignalsPerDevice: number;
}

export interface PipelineDeps {
  registry: DeviceRegistry;
  history: HistoryStore;
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

export type { SourceCounters } from './pipeline-meter';

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
  /** Stored per source, in flight, lag and write time, for GET /metrics. */
  readonly meter: PipelineMeter;

  constructor(
    private readonly deps: PipelineDeps,
    private options: PipelineOptions,
  ) {
    this.meter = new PipelineMeter(deps.clock);
  }

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
      c = { messages: 0, readings: 0, rejected: 0, stored: 0 };
      this.perSource.set(source, c);
    }
    return c;
  }

  /** Every source's counters, by the name it submits under. */
  allCounters(): ReadonlyMap<string, Readonly<SourceCounters>> {
    return this.perSource;
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
    const decoded = guardDecode(`${source}: JSON decoder`, payload, this.deps.log, () =>
      decodeJsonPayload(payload, this.decodeOptions()),
    );
    return this.submitDecoded(source, origin, decoded);
  }

  /** Limits every decoder applies, as of now (with the names a topic gives, for MQTT). */
  decodeOptions(names?: DecodeOptions['names']): DecodeOptions {
    return {
      now: this.deps.clock(),
      maxPayloadBytes: this.options.maxPayloadBytes,
      maxFutureMs: this.options.maxFutureMs,
      maxAgeMs: this.options.maxAgeMs,
      names,
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

  /**
   * Validates against the registry and queues; returns how many readings were queued. The
   * message's rejected parts become one dead letter (reject-groups.ts), while `rejected` keeps
   * one entry per part for sources that answer per row. Never throws: whatever goes wrong with
   * one message is that message's dead letter, and the next one is processed — except a
   * storage fault (state.db full), which is no message's fault: it refuses the submission.
   */
  private admit(
    source: string,
    origin: string,
    decoded: DecodeResult,
    { deadLetters = true, backfill = false }: { deadLetters?: boolean; backfill?: boolean },
    rejected: IngestOutcome['rejected'] | undefined,
  ): number {
    const counters = this.counters(source);
    counters.messages++;
    const parts: RejectPart[] = [];
    const refuse = (part: RejectPart, index: number | undefined) => {
      parts.push(part);
      rejected?.push(index === undefined ? { reason: part.reason } : { reason: part.reason, index });
    };
    // Readings older than the live window when they arrive (a gateway's store-and-forward
    // buffer, a redelivery after a long outage) are history: stored and rolled up, but no
    // alarm is raised from them and live screens do not move.
    const liveSince = backfill ? Infinity : this.deps.clock() - this.options.liveWindowMs;
    let accepted = 0;
    let handled = 0;
    try {
      for (const r of decoded.rejects) refuse(r, r.index);
      const { registry } = this.deps;
      let unknown: DecodedReading[] | undefined;
      for (const d of decoded.readings) if (!registry.signal(d.deviceId, d.signal)) (unknown ??= []).push(d);
      const refusedSeries = unknown ? this.register(origin, unknown) : undefined;
      for (const d of decoded.readings) {
        const reason = refusedSeries?.get(seriesKey(d)) ?? magnitudeRefusal(d.value);
        if (reason !== undefined) {
          refuse(readingPart(d, reason), d.index);
        } else {
          const queue = d.ts < liveSince || d.history ? this.backfill : this.queue;
          queue.push({ deviceId: d.deviceId, signal: d.signal, ts: d.ts, value: d.value, quality: d.quality });
          accepted++;
        }
        handled++;
      }
    } catch (err) {
      if (isStorageFault(err)) throw err;
      // Last resort: a fault of ours, not of the message; it is kept so that a re-queue can retry it.
      this.deps.log(
        `${source}: a message from ${origin} could not be processed: ${(err as Error).stack ?? String(err)}`,
      );
      const reason = `the engine could not process this message: ${messageOf(err)}`;
      const rest = decoded.readings.slice(handled);
      if (rest.length === 0) refuse({ reason, raw: new Uint8Array(0) }, undefined);
      for (const d of rest) refuse(readingPart(d, reason), d.index);
    }
    if (deadLetters && parts.length > 0) this.rejections.push(...groupRejections(source, origin, parts));
    counters.rejected += parts.length;
    counters.readings += accepted;
    this.receivedCount += accepted;
    this.meter.accepted(counters, accepted);
    return accepted;
  }

  /**
   * Readings of series the registry does not know: registers them as unconfigured, one write
   * per device, up to the per-device signal cap — or, when auto-registration is off, refuses
   * them. Returns the refused series with the reason.
   */
  private register(origin: string, unknown: readonly DecodedReading[]): Map<string, string> {
    const refused = new Map<string, string>();
    const { registry } = this.deps;
    if (!this.options.autoRegister) {
      for (const d of unknown) {
        const what = registry.get(d.deviceId)
          ? `unknown signal "${d.signal}" on device ${d.deviceId}`
          : `unknown device "${d.deviceId}"`;
        refused.set(seriesKey(d), `${what} (auto-registration is off)`);
      }
      return refused;
    }
    const byDevice = new Map<string, { key: string; unit: string }[]>();
    for (const d of unknown) {
      const list = byDevice.get(d.deviceId);
      if (list) list.push({ key: d.signal, unit: d.unit });
      else byDevice.set(d.deviceId, [{ key: d.signal, unit: d.unit }]);
    }
    const now = this.deps.clock();
    const max = this.options.maxSignalsPerDevice;
    for (const [deviceId, signals] of byDevice) {
      const known = registry.get(deviceId) !== undefined;
      const result = registry.registerSignals(deviceId, signals, now, max);
      const cap = `device ${deviceId} already has ${max} signals, the most one device may register (ingest.maxSignalsPerDevice)`;
      for (const key of result.refused) refused.set(`${deviceId}\0${key}`, cap);
      const added = new Set(signals.map((s) => s.key)).size - result.refused.length;
      if (added > 0)
        this.noteRegistration(`${known ? 'signals' : 'device'} ${deviceId} (${added} signals) seen on ${origin}`, now);
    }
    return refused;
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
    const metered = this.meter.takeBatch(batch.length + backfill.length);
    const now = this.deps.clock();
    try {
      // Readings first: if they fail, the source sends the whole message again and its
      // rejections are stored then, once.
      if (batch.length > 0 || backfill.length > 0) {
        await this.deps.history.append(backfill.length === 0 ? batch : batch.concat(backfill));
        this.meter.written(metered);
      }
      this.deps.deadLetters.addMany(rejections, now);
    } catch (err) {
      this.deps.history.noteStorageFault('a write of readings or dead letters', err);
      // Not durable: the sources must not acknowledge, so they will redeliver.
      const n = batch.length + backfill.length;
      this.deps.log(`history write failed, ${n} readings not acknowledged: ${(err as Error).message}`);
      group?.settle(err as Error);
      return;
    } finally {
      this.meter.settled();
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
