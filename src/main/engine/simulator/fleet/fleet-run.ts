// Plays a FleetModel against the wall clock: every tick is published once its run time has
// come, and stamped with that scheduled time rather than the moment it left, so readings and
// labels agree to the millisecond. When the target falls behind, the run waits for it (and
// says how far behind it is) instead of queueing without bound.
import { toLabel, type FaultKind } from './fault';
import { encodeTick } from './fleet-messages';
import type { FleetModel } from './fleet-model';
import type { LabelSink } from './label-file';
import type { TelemetryTarget } from './telemetry-target';

export interface FleetProgress {
  elapsedMs: number;
  published: number;
  readings: number;
  failed: number;
  /** Accepted messages per second since the previous report. */
  messagesPerSecond: number;
  activeFaults: Partial<Record<FaultKind, number>>;
  /** How far publishing trails the schedule; 0 when on time. */
  behindMs: number;
}

export interface FleetRunOptions {
  model: FleetModel;
  target: TelemetryTarget;
  batch: boolean;
  /** Run time in ms; 0 runs until `signal` aborts. */
  durationMs: number;
  signal: AbortSignal;
  labels?: LabelSink;
  clock?: () => number;
  onProgress?: (progress: FleetProgress) => void;
  progressEveryMs?: number;
  /** Unanswered messages beyond which the run waits for the target. */
  maxPending?: number;
  /** How long to wait at the end for the last answers. */
  closeTimeoutMs?: number;
}

export interface FleetRunResult {
  published: number;
  readings: number;
  failed: number;
  /** Faults injected, by kind (every enabled kind, zeros included). */
  faults: Record<string, number>;
  /** Wall-clock length of the run, up to the last answer from the target: published / seconds is the rate achieved. */
  seconds: number;
  /** Run time at which publishing stopped: labels end by then. */
  stopMs: number;
  /** Wall-clock time of run time 0. */
  origin: number;
}

/** A timer that an abort cuts short. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits for `promise` unless the run is aborted first. */
function unlessAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    if (signal.aborted) done();
    void promise.then(done, done);
  });
}

export async function runFleet(o: FleetRunOptions): Promise<FleetRunResult> {
  const { model, target, batch, durationMs, signal } = o;
  const clock = o.clock ?? Date.now;
  const progressEveryMs = o.progressEveryMs ?? 1000;
  const maxPending = o.maxPending ?? 20_000;
  const origin = clock();
  const faults: Record<string, number> = Object.fromEntries(model.spec.faults.map((k) => [k, 0]));
  let lastReport = { at: 0, published: 0 };
  let behindMs = 0;
  let stop: number;

  const report = (elapsed: number) => {
    if (!o.onProgress || elapsed - lastReport.at < progressEveryMs) return;
    const { published, readings, failed } = target.counts;
    const activeFaults: Partial<Record<FaultKind, number>> = {};
    for (const f of model.activeFaults(Math.min(elapsed, model.nextTime())))
      activeFaults[f.kind] = (activeFaults[f.kind] ?? 0) + 1;
    const messagesPerSecond = ((published - lastReport.published) * 1000) / (elapsed - lastReport.at);
    lastReport = { at: elapsed, published };
    o.onProgress({ elapsedMs: elapsed, published, readings, failed, messagesPerSecond, activeFaults, behindMs });
  };

  for (;;) {
    const elapsed = clock() - origin;
    while (!signal.aborted) {
      const t = model.nextTime();
      if (t > elapsed || (durationMs > 0 && t >= durationMs)) break;
      const tick = model.step();
      if (tick.ended) o.labels?.write(toLabel(tick.ended, origin));
      if (tick.started) faults[tick.started.kind]! += 1;
      for (const message of encodeTick(tick, origin, batch)) target.send(message);
      if (target.counts.pending > maxPending) {
        await unlessAborted(target.settle(maxPending / 2), signal);
        const now = clock() - origin;
        behindMs = Math.max(0, now - model.nextTime());
        report(now);
      }
    }
    if (signal.aborted) {
      // Every tick before nextTime() went out; none after the moment of stopping.
      stop = Math.min(model.nextTime(), clock() - origin);
      break;
    }
    if (durationMs > 0 && elapsed >= durationMs) {
      stop = durationMs;
      break;
    }
    if (model.nextTime() > elapsed) behindMs = 0;
    report(elapsed);
    const until = durationMs > 0 ? Math.min(model.nextTime(), durationMs) : model.nextTime();
    // Short naps keep progress lines and Ctrl-C prompt even at long intervals.
    await pause(Math.max(1, Math.min(until - elapsed, 250)), signal);
  }

  for (const fault of model.finish(stop)) o.labels?.write(toLabel(fault, origin));
  await target.close(o.closeTimeoutMs ?? 10_000);
  const { published, readings, failed } = target.counts;
  return { published, readings, failed, faults, seconds: (clock() - origin) / 1000, stopMs: stop, origin };
}
