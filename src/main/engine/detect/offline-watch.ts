// Offline detection, per device: a configured device that sends nothing for max(30 s, 3 × its
// fastest expected interval) — or its rule's timeoutMs — is offline, with signal "*". Judged by
// a timer on the engine's clock (arrival time, so a device with a skewed clock is not flagged),
// never before a grace period after start: after a restart every device gets the grace period
// plus its timeout to speak before it is called offline, so a restart raises no storm. A
// Sparkplug death certificate takes a device offline at once.
import { DEVICE_WIDE, type AlarmCondition, type AlarmSink } from './condition';
import { offlineMessage } from './explain';
import { offlineTimeoutMs, type CompiledOffline, type RuleBook } from './rule-book';
import type { DetectedAnomaly } from '../../../shared/contract/detection';
import type { Signal } from '../../../shared/domain';

export interface OfflineSettings {
  /** Nothing is judged offline until this long after start. */
  graceMs: number;
  checkIntervalMs: number;
  /** The least silence that counts as offline (30 s)… */
  minTimeoutMs: number;
  /** …or this many expected intervals of the device's fastest signal, if longer. */
  intervalFactor: number;
}

export const DEFAULT_OFFLINE: OfflineSettings = {
  graceMs: 60_000,
  checkIntervalMs: 1000,
  minTimeoutMs: 30_000,
  intervalFactor: 3,
};

export interface OfflineDeps {
  devices: () => readonly { id: string; unconfigured: boolean; signals: readonly Signal[] }[];
  alarms: AlarmSink;
  rules: RuleBook;
  clock: () => number;
  report: (anomaly: DetectedAnomaly) => void;
  log: (message: string) => void;
}

export class OfflineWatch {
  private readonly ids = new Map<string, number>();
  private names: string[] = [];
  /** Arrival time (engine clock) of the newest reading per device index; NaN before any. */
  lastSeen = new Float64Array(64).fill(NaN);
  /** 1 while the device is judged offline. */
  offline = new Uint8Array(64);
  private deathAt = new Float64Array(64).fill(NaN);
  private fallTs = new Float64Array(64).fill(NaN);
  private rules: (CompiledOffline | null)[] = [];
  private rulesRevision = -1;
  private startedAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The last failure logged: the same one again (a full disk) is logged once a minute, counted. */
  private failure: { message: string; loggedAt: number; repeats: number } | undefined;
  private readonly cond: AlarmCondition = {
    kind: 'offline',
    active: false,
    limit: NaN,
    priority: 'high',
    onDelayMs: 0,
    offDelayMs: 0,
    message: '',
  };

  constructor(
    private readonly deps: OfflineDeps,
    readonly settings: OfflineSettings = DEFAULT_OFFLINE,
  ) {}

  start(): void {
    this.startedAt = this.deps.clock();
    this.timer = setInterval(() => {
      const now = this.deps.clock();
      try {
        this.check(now);
        this.failure = undefined;
      } catch (err) {
        const message = (err as Error).message;
        const last = this.failure;
        if (last?.message === message && now - last.loggedAt < 60_000) {
          last.repeats++;
          return;
        }
        const more = last?.repeats ? ` (and ${last.repeats} times since the last such line)` : '';
        this.failure = { message, loggedAt: now, repeats: 0 };
        this.deps.log(`offline check failed: ${message}${more}`);
      }
    }, this.settings.checkIntervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The index of a device in the state arrays (created on first sight). */
  indexOf(deviceId: string): number {
    let d = this.ids.get(deviceId);
    if (d !== undefined) return d;
    d = this.names.length;
    if (d === this.lastSeen.length) this.grow(d * 2);
    this.ids.set(deviceId, d);
    this.names.push(deviceId);
    this.rules.push(null);
    // Left offline by the previous run: its first reading returns the alarm.
    this.offline[d] = this.deps.alarms.isConditionActive(`${deviceId}/${DEVICE_WIDE}/offline`) ? 1 : 0;
    return d;
  }

  /** A reading of device `d` arrived at `now` (the detection stage calls this per reading). */
  seen(d: number, now: number): void {
    this.lastSeen[d] = now;
    if (this.offline[d] === 1 && !(this.deathAt[d]! >= now)) this.judge(d, false, now, 0, 0);
  }

  /** A source reported the device dead (Sparkplug NDEATH/DDEATH). */
  died(deviceId: string, at: number): void {
    const d = this.indexOf(deviceId);
    this.deathAt[d] = at;
    const rule = this.ruleOf(d);
    if (rule.enabled) this.judge(d, true, at, 0, 0);
  }

  /** Judges every configured device now. */
  check(now: number): void {
    if (now < this.startedAt + this.settings.graceMs) return;
    if (this.rulesRevision !== this.deps.rules.revision) {
      this.rules.fill(null);
      this.rulesRevision = this.deps.rules.revision;
    }
    for (const device of this.deps.devices()) {
      if (device.unconfigured || device.signals.length === 0) continue;
      const d = this.indexOf(device.id);
      const rule = this.ruleOf(d);
      if (!rule.enabled) {
        if (this.offline[d] === 1 || this.fallTs[d] === this.fallTs[d]) this.judge(d, false, now, 0, 0);
        continue;
      }
      const timeout =
        rule.timeoutMs === rule.timeoutMs
          ? rule.timeoutMs
          : offlineTimeoutMs(device.signals, this.settings.minTimeoutMs, this.settings.intervalFactor);
      const seen = this.lastSeen[d]!;
      const since = Math.max(seen === seen ? seen : -Infinity, this.startedAt);
      const silence = now - since;
      const dead = this.deathAt[d]! >= (seen === seen ? seen : -Infinity);
      const off = dead || silence >= timeout;
      if (off || this.offline[d] === 1 || this.fallTs[d] === this.fallTs[d]) this.judge(d, off, now, silence, timeout);
    }
  }

  private ruleOf(d: number): CompiledOffline {
    return (this.rules[d] ??= this.deps.rules.offline(this.names[d]!));
  }

  private judge(d: number, on: boolean, now: number, silenceMs: number, timeoutMs: number): void {
    const rule = this.ruleOf(d);
    const died = this.deathAt[d]! >= (this.lastSeen[d]! === this.lastSeen[d]! ? this.lastSeen[d]! : -Infinity);
    if (on) {
      if (this.offline[d] === 0) {
        this.offline[d] = 1;
        this.fallTs[d] = NaN;
        const seen = this.lastSeen[d]!;
        this.deps.report({
          deviceId: this.names[d]!,
          signal: DEVICE_WIDE,
          ts: now,
          detector: 'rule:offline',
          score: 1,
          kind: 'offline',
          message: offlineMessage(silenceMs, timeoutMs, died, true),
          evidence: {
            rule: 'offline',
            lastSeen: seen === seen ? seen : null,
            silenceMs,
            timeoutMs,
            died,
            from: (rule as CompiledOffline & { from?: string }).from ?? 'default',
          },
        });
      }
    } else if (this.offline[d] === 1) {
      this.offline[d] = 0;
      this.fallTs[d] = rule.offDelayMs > 0 ? now : NaN;
    } else {
      const fell = this.fallTs[d]!;
      if (fell !== fell) return;
      if (now - fell >= rule.offDelayMs) this.fallTs[d] = NaN;
    }
    const c = this.cond;
    c.active = on;
    c.limit = on && !died ? timeoutMs / 1000 : NaN;
    c.priority = rule.priority;
    c.onDelayMs = rule.onDelayMs;
    c.offDelayMs = rule.offDelayMs;
    c.message = offlineMessage(silenceMs, timeoutMs, died, on);
    this.deps.alarms.apply(this.names[d]!, DEVICE_WIDE, c, Math.round(silenceMs / 1000), now);
  }

  private grow(capacity: number): void {
    const f64 = (old: Float64Array) => {
      const a = new Float64Array(capacity).fill(NaN);
      a.set(old);
      return a;
    };
    this.lastSeen = f64(this.lastSeen);
    this.deathAt = f64(this.deathAt);
    this.fallTs = f64(this.fallTs);
    const off = new Uint8Array(capacity);
    off.set(this.offline);
    this.offline = off;
  }
}
