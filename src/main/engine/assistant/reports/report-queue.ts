// Reports for new alarms, made in the background one at a time, so the alarm path never waits
// for the assistant: `offer` is called for every raised alarm and costs a few map operations.
//
// Decisions:
// - offer() filters (reports on, priority at or above minPriority), dedupes by alarm key (a newer
//   alarm of the same key replaces the waiting one: the report is for the current occurrence),
//   caps the queue at queueLimit by dropping the oldest waiting alarm (counted), and schedules
//   the work on a later tick. It never touches the database and never throws.
// - Newest first: in a flood the alarm just raised is the one an operator looks at.
// - Rate limit: at most perMinute starts in any 60 s — a token bucket of perMinute tokens where a
//   spent token comes back one minute after it was spent. Alarms waiting longer than
//   MAX_WAIT_MS are dropped (counted): a report on a ten-minute-old alarm of a flood helps nobody.
// - regenerate() (an operator asked) goes ahead of the queue and past minPriority and the rate
//   limit; while that alarm's report is already running, it is not started twice.
// - An alarm that already has a report (`has`) is not made again from the queue; checked when
//   its turn comes, not in offer(), to keep the database off the alarm path.
// - stop() aborts the running report and waits for it; nothing is saved after stop.
import type { AlarmReport, AssistantConfig, ReportState } from '../../../../shared/contract/assistant';
import { URGENCY, type Alarm } from '../../../../shared/domain';

export const MAX_WAIT_MS = 10 * 60_000;
const WINDOW_MS = 60_000;

export interface ReportQueueOptions {
  make(alarm: Alarm, signal: AbortSignal): Promise<AlarmReport>;
  save(report: AlarmReport): void;
  /** Whether the alarm has a stored report (state `ready`). */
  has(alarmId: number): boolean;
  config: () => AssistantConfig['reports'];
  clock: () => number;
  log: (message: string) => void;
}

export interface ReportCounts {
  queued: number;
  running: number;
  made: number;
  fallbacks: number;
  dropped: number;
}

interface Waiting {
  alarm: Alarm;
  at: number;
}

interface Running {
  alarm: Alarm;
  controller: AbortController;
  done?: Promise<void>;
}

export class ReportQueue {
  /** Waiting alarms by key, oldest offer first (a re-offer moves to the end). */
  private readonly waiting = new Map<string, Waiting>();
  private readonly waitingIds = new Map<number, string>();
  private readonly urgent: Alarm[] = [];
  private running: Running | undefined;
  /** When each start of the last minute happened (the rate limit's spent tokens). */
  private readonly starts: number[] = [];
  private readonly listeners = new Set<(alarmId: number, state: ReportState) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Infinity;
  private stopped = false;
  private made = 0;
  private fallbacks = 0;
  private dropped = 0;

  constructor(private readonly options: ReportQueueOptions) {}

  offer(alarm: Alarm): void {
    try {
      if (this.stopped) return;
      const config = this.options.config();
      if (!config.enabled || URGENCY[alarm.priority] < URGENCY[config.minPriority]) return;
      if (this.running?.alarm.id === alarm.id || this.urgent.some((a) => a.id === alarm.id)) return;
      const previous = this.waiting.get(alarm.key);
      if (previous) {
        this.waiting.delete(alarm.key);
        this.waitingIds.delete(previous.alarm.id);
        if (previous.alarm.id !== alarm.id) this.changed(previous.alarm.id, 'none');
      }
      this.waiting.set(alarm.key, { alarm, at: this.options.clock() });
      this.waitingIds.set(alarm.id, alarm.key);
      while (this.waiting.size > config.queueLimit) this.dropOldest();
      this.changed(alarm.id, 'queued');
      this.schedule(0);
    } catch (err) {
      this.options.log(`assistant: report for alarm ${alarm.id} not queued: ${(err as Error).message}`);
    }
  }

  regenerate(alarm: Alarm): void {
    if (this.stopped || this.running?.alarm.id === alarm.id || this.urgent.some((a) => a.id === alarm.id)) return;
    const key = this.waitingIds.get(alarm.id);
    if (key !== undefined) {
      this.waiting.delete(key);
      this.waitingIds.delete(alarm.id);
    }
    this.urgent.push(alarm);
    this.changed(alarm.id, 'queued');
    this.schedule(0);
  }

  state(alarmId: number): ReportState {
    if (this.running?.alarm.id === alarmId) return 'running';
    if (this.waitingIds.has(alarmId) || this.urgent.some((a) => a.id === alarmId)) return 'queued';
    return this.options.has(alarmId) ? 'ready' : 'none';
  }

  counts(): ReportCounts {
    return {
      queued: this.waiting.size + this.urgent.length,
      running: this.running ? 1 : 0,
      made: this.made,
      fallbacks: this.fallbacks,
      dropped: this.dropped,
    };
  }

  onChange(listener: (alarmId: number, state: ReportState) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
    this.waitingIds.clear();
    this.urgent.length = 0;
    const running = this.running;
    if (running) {
      running.controller.abort(new Error('the report queue stopped'));
      await running.done;
    }
  }

  private dropOldest(): void {
    const first = this.waiting.entries().next();
    if (first.done) return;
    const [key, w] = first.value;
    this.waiting.delete(key);
    this.waitingIds.delete(w.alarm.id);
    this.dropped++;
    this.changed(w.alarm.id, 'none');
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const due = this.options.clock() + ms;
    if (this.timer !== undefined && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.pump();
    }, ms);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private pump(): void {
    if (this.stopped || this.running) return;
    const now = this.options.clock();
    const config = this.options.config();
    if (!config.enabled) {
      for (const w of this.waiting.values()) this.changed(w.alarm.id, 'none');
      this.waiting.clear();
      this.waitingIds.clear();
    }
    // Oldest first in the map: stop at the first one still young enough.
    for (const [key, w] of this.waiting) {
      if (now - w.at <= MAX_WAIT_MS) break;
      this.waiting.delete(key);
      this.waitingIds.delete(w.alarm.id);
      this.dropped++;
      this.changed(w.alarm.id, 'none');
    }
    const urgent = this.urgent.shift();
    if (urgent) return this.start(urgent);
    if (this.waiting.size === 0) return;
    while (this.starts.length > 0 && now - this.starts[0]! >= WINDOW_MS) this.starts.shift();
    if (this.starts.length >= config.perMinute) {
      return this.schedule(this.starts[0]! + WINDOW_MS - now);
    }
    let newest: [string, Waiting] | undefined;
    for (const entry of this.waiting) newest = entry;
    const [key, w] = newest!;
    this.waiting.delete(key);
    this.waitingIds.delete(w.alarm.id);
    if (this.options.has(w.alarm.id)) {
      this.changed(w.alarm.id, 'ready');
      return this.schedule(0);
    }
    this.starts.push(now);
    this.start(w.alarm);
  }

  private start(alarm: Alarm): void {
    const running: Running = { alarm, controller: new AbortController() };
    this.running = running;
    this.changed(alarm.id, 'running');
    running.done = this.run(running);
  }

  private async run({ alarm, controller }: Running): Promise<void> {
    let state: ReportState = 'none';
    try {
      const report = await this.options.make(alarm, controller.signal);
      if (controller.signal.aborted) return;
      this.options.save(report);
      this.made++;
      if (report.source === 'retrieval') this.fallbacks++;
      state = 'ready';
    } catch (err) {
      if (!controller.signal.aborted) {
        this.options.log(`assistant: report for alarm ${alarm.id} failed: ${(err as Error).message}`);
      }
      state = this.safeHas(alarm.id) ? 'ready' : 'none';
    } finally {
      this.running = undefined;
      if (!this.stopped) {
        this.changed(alarm.id, state);
        if (this.waiting.size > 0 || this.urgent.length > 0) this.schedule(0);
      }
    }
  }

  private safeHas(alarmId: number): boolean {
    try {
      return this.options.has(alarmId);
    } catch {
      return false;
    }
  }

  private changed(alarmId: number, state: ReportState): void {
    for (const listener of this.listeners) {
      try {
        listener(alarmId, state);
      } catch (err) {
        this.options.log(`assistant: report listener failed: ${(err as Error).message}`);
      }
    }
  }
}
