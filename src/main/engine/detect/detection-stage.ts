// The detection stage the pipeline runs on every durable live batch: rules first (limits with
// deadband, rate of change, flatline, bad quality), then the statistics scorer and its trend
// predictor. Each series has a slot; its state lives in typed arrays indexed by slot, so a
// quiet reading allocates nothing. Conditions go to the alarm service (see condition.ts for
// the call pattern), anomalies are collected on each rising edge and written to history with
// the pipeline's flush. Offline is per device and judged by a timer (offline-watch.ts).
// A statistical anomaly that looks like one an expert labelled a false alarm is stored with
// `suppressedBy` and not told to the alarm service (feedback/; rules are never suppressed).
// Readings inside a live bad-data label are not fed to the statistics or the trend
// (bad-data-guard.ts); rules still judge them.
import type { Priority, Quality, Reading } from '../../../shared/domain';
import type { DetectedAnomaly } from '../../../shared/contract/detection';
import type { AnnotationIndex } from '../annotations/annotation-ports';
import { BadDataGuard } from './bad-data-guard';
import type { AlarmCondition } from './condition';
import { ALARM_KIND, K_FLAT, K_HIGH, K_LOW, K_QUALITY, K_RATE, K_STATS, K_TREND, KINDS } from './condition-kinds';
import { DEFAULT_SETTINGS, type DetectionDeps, type DetectorSettings, type TrendForecast } from './detection-ports';
import { flatlineMessage, limitMessage, qualityMessage, rateMessage, statsMessage, trendMessage } from './explain';
import { highLevel, lowLevel } from './limit-rules';
import type { AlarmSettings, SeriesRules } from './rule-book';
import { limitName, ruleEvidence } from './rule-evidence';

/** The trend line is refitted every this many readings of a series. */
const TREND_EVERY = 8;

/** Not evaluated: an unconfigured device, or a signal the registry does not know. */
const SKIP = -1;

export class DetectionStage {
  private readonly index = new Map<string, Map<string, number>>();
  private count = 0;
  private capacity = 0;
  private device: string[] = [];
  private signal: string[] = [];
  private rules: (SeriesRules | null)[] = [];
  private rulesRevision = -1;
  private registryRevision = 0;
  private deviceSlot = new Int32Array(0);
  private statsSlot = new Int32Array(0);
  private trendSlot = new Int32Array(0);
  private trendTick = new Int32Array(0);
  private lastTs = new Float64Array(0);
  private lastValue = new Float64Array(0);
  private flatValue = new Float64Array(0);
  private flatSince = new Float64Array(0);
  private flatCount = new Float64Array(0);
  private active = new Uint8Array(0);
  /** When the condition last fell, while its off-delay tail is still being reported; NaN otherwise. */
  private fallTs = new Float64Array(0);

  /**
   * The one condition object handed to the alarm service. Its message is worded only when read
   * (an own, enumerable getter, so a spread copy gets the text): an alarm that stays active
   * reads nothing, and words cost more than every rule together.
   */
  private readonly cond: AlarmCondition;
  private said = { slot: 0, k: 0, on: false, limit: NaN, value: NaN, ts: 0, extra: undefined as unknown };
  private readonly trendLimits: { lo?: number; hi?: number } = {};
  private pending: DetectedAnomaly[] = [];
  private readonly settings: DetectorSettings;
  private observers: ((batch: readonly Reading[]) => void)[] = [];
  private guard: BadDataGuard | undefined;

  constructor(
    private readonly deps: DetectionDeps,
    settings: Partial<DetectorSettings> = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.grow(1024);
    const said = this.said;
    const cond = { kind: 'high', active: false, limit: NaN, priority: 'high', onDelayMs: 0, offDelayMs: 0 };
    this.cond = Object.defineProperty(cond, 'message', {
      enumerable: true,
      get: () => this.describe(said.slot, said.k, said.on, said.limit, said.value, said.ts, said.extra),
    }) as AlarmCondition;
  }

  /** Series with a slot (evaluated or not). */
  get series(): number {
    return this.count;
  }

  /** Runs every detector over a batch of durable live readings, in order. */
  process(batch: readonly Reading[]): void {
    if (this.rulesRevision !== this.deps.rules.revision) this.invalidate();
    if ((this.deps.registry.revision ?? 0) !== this.registryRevision) this.reindex();
    const watch = this.deps.offline;
    const now = this.deps.clock();
    this.guard?.sync(this.device, this.signal, this.count);
    // Readings of one device usually arrive together: look its signals up once per run of them.
    let device = '';
    let signals: Map<string, number> | undefined;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      if (r.deviceId !== device) {
        device = r.deviceId;
        signals = this.index.get(device);
      }
      let slot = signals?.get(r.signal);
      if (slot === undefined) {
        slot = this.addSlot(r.deviceId, r.signal);
        signals = this.index.get(device);
      }
      if (slot === SKIP) continue;
      if (watch) watch.seen(this.deviceSlot[slot]!, now);
      this.evaluate(slot, r.ts, r.value, r.quality);
    }
    for (const o of this.observers) o(batch);
  }

  /** Called with every processed batch, after the rules and statistics (model scoring hooks in here). */
  addBatchObserver(observer: (batch: readonly Reading[]) => void): () => void {
    this.observers.push(observer);
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  /** Bad-data labels from now on: readings inside them stay out of the statistics and the trend. */
  useLabels(index: AnnotationIndex): void {
    this.guard = new BadDataGuard(index);
  }

  /** Anomalies found by other detectors (offline, models), stored with the next flush. */
  report(anomaly: DetectedAnomaly): void {
    this.pending.push(anomaly);
  }

  /** The anomalies found since the last call. */
  takeAnomalies(): DetectedAnomaly[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** The compiled rules of a series (for explanations and tests). */
  rulesOf(deviceId: string, signal: string): SeriesRules | undefined {
    const slot = this.index.get(deviceId)?.get(signal);
    if (slot === undefined || slot === SKIP) return undefined;
    return this.rules[slot] ?? this.compile(slot);
  }

  private invalidate(): void {
    this.rules.fill(null);
    this.rulesRevision = this.deps.rules.revision;
  }

  /**
   * A device was configured, edited or removed (Settings → Sources): limits are recompiled, a
   * series that was skipped is looked at again, and one whose device went away is skipped.
   */
  private reindex(): void {
    this.registryRevision = this.deps.registry.revision ?? 0;
    this.rules.fill(null);
    for (const [deviceId, signals] of this.index) {
      const device = this.deps.registry.get(deviceId);
      for (const [signal, slot] of signals) {
        const known = device && !device.unconfigured && this.deps.registry.signal(deviceId, signal);
        if (slot === SKIP) {
          if (known) signals.delete(signal); // added again on its next reading
        } else if (!known) {
          signals.set(signal, SKIP);
        }
      }
    }
  }

  private addSlot(deviceId: string, signal: string): number {
    let inner = this.index.get(deviceId);
    if (!inner) {
      inner = new Map();
      this.index.set(deviceId, inner);
    }
    const device = this.deps.registry.get(deviceId);
    if (!device || device.unconfigured || !this.deps.registry.signal(deviceId, signal)) {
      inner.set(signal, SKIP);
      return SKIP;
    }
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    const slot = this.count++;
    inner.set(signal, slot);
    this.device[slot] = deviceId;
    this.signal[slot] = signal;
    this.rules[slot] = null;
    const key = `${deviceId}/${signal}`;
    this.deviceSlot[slot] = this.deps.offline ? this.deps.offline.indexOf(deviceId) : -1;
    this.statsSlot[slot] = this.deps.stats ? this.deps.stats.slot(key) : -1;
    this.trendSlot[slot] = this.deps.trend ? this.deps.trend.slot(key) : -1;
    this.guard?.added(slot, deviceId, signal);
    this.lastTs[slot] = -Infinity;
    this.flatCount[slot] = 0;
    // An alarm left open by the previous run: the first normal reading must return it.
    for (let k = 0; k < KINDS; k++) {
      const open = this.deps.alarms.isConditionActive(`${key}/${ALARM_KIND[k]}`);
      this.active[slot * KINDS + k] = open ? 1 : 0;
      this.fallTs[slot * KINDS + k] = NaN;
    }
    return slot;
  }

  private grow(capacity: number): void {
    const f64 = (old: Float64Array) => {
      const a = new Float64Array(capacity);
      a.set(old);
      return a;
    };
    const i32 = (old: Int32Array) => {
      const a = new Int32Array(capacity);
      a.set(old);
      return a;
    };
    this.deviceSlot = i32(this.deviceSlot);
    this.statsSlot = i32(this.statsSlot);
    this.trendSlot = i32(this.trendSlot);
    this.trendTick = i32(this.trendTick);
    this.lastTs = f64(this.lastTs);
    this.lastValue = f64(this.lastValue);
    this.flatValue = f64(this.flatValue);
    this.flatSince = f64(this.flatSince);
    this.flatCount = f64(this.flatCount);
    const active = new Uint8Array(capacity * KINDS);
    active.set(this.active);
    this.active = active;
    const fall = new Float64Array(capacity * KINDS).fill(NaN);
    fall.set(this.fallTs);
    this.fallTs = fall;
    this.capacity = capacity;
  }

  private compile(slot: number): SeriesRules {
    const signal = this.deps.registry.signal(this.device[slot]!, this.signal[slot]!);
    const compiled = this.deps.rules.compile(
      this.device[slot]!,
      signal ?? { key: this.signal[slot]!, unit: '', limits: {}, intervalMs: 5000, deadband: 0 },
    );
    this.rules[slot] = compiled;
    return compiled;
  }

  private evaluate(slot: number, ts: number, value: number, quality: Quality): void {
    const R = this.rules[slot] ?? this.compile(slot);
    const base = slot * KINDS;
    const { active } = this;

    if (R.quality.enabled) {
      const bad = quality === 'bad' || (R.quality.includeUncertain && quality === 'uncertain');
      if (bad || active[base + K_QUALITY] === 1 || this.fallTs[base + K_QUALITY] === this.fallTs[base + K_QUALITY]) {
        this.emit(slot, K_QUALITY, bad, NaN, R.quality, R.quality.priority, value, ts, quality);
      }
    } else if (active[base + K_QUALITY] === 1) {
      this.emit(slot, K_QUALITY, false, NaN, R.quality, R.quality.priority, value, ts, quality);
    }
    if (quality === 'bad') return; // a failed sensor says nothing about the process

    const L = R.limits;
    if (L.enabled) {
      const hl = highLevel(value, L.hi, L.hiHi, active[base + K_HIGH] === 1 ? L.deadband : 0);
      if (hl > 0 || L.hi === L.hi || L.hiHi === L.hiHi) {
        this.limitEdge(slot, K_HIGH, hl, hl === 2 ? L.hiHi : L.hi === L.hi ? L.hi : L.hiHi, L, value, ts);
      }
      const ll = lowLevel(value, L.lo, L.loLo, active[base + K_LOW] === 1 ? L.deadband : 0);
      if (ll > 0 || L.lo === L.lo || L.loLo === L.loLo) {
        this.limitEdge(slot, K_LOW, ll, ll === 2 ? L.loLo : L.lo === L.lo ? L.lo : L.loLo, L, value, ts);
      }
    } else {
      if (active[base + K_HIGH] === 1) this.emit(slot, K_HIGH, false, L.hi, L, L.priority, value, ts, '');
      if (active[base + K_LOW] === 1) this.emit(slot, K_LOW, false, L.lo, L, L.priority, value, ts, '');
    }

    const prevTs = this.lastTs[slot]!;
    if (!(ts > prevTs)) return; // late or repeated: the stateful detectors only move forward
    const prevValue = this.lastValue[slot]!;
    this.lastTs[slot] = ts;
    this.lastValue[slot] = value;

    const rate = R.rate;
    if (rate.enabled) {
      if (prevTs !== -Infinity) {
        const perSecond = (Math.abs(value - prevValue) * 1000) / (ts - prevTs);
        const on = perSecond > rate.maxPerSecond - (active[base + K_RATE] === 1 ? rate.deadband : 0);
        if (on || active[base + K_RATE] === 1 || this.fallTs[base + K_RATE] === this.fallTs[base + K_RATE]) {
          this.emit(slot, K_RATE, on, rate.maxPerSecond, rate, rate.priority, perSecond, ts, prevValue);
        }
      }
    } else if (active[base + K_RATE] === 1) {
      this.emit(slot, K_RATE, false, rate.maxPerSecond, rate, rate.priority, 0, ts, prevValue);
    }

    const flat = R.flatline;
    if (flat.enabled) {
      if (this.flatCount[slot] === 0 || Math.abs(value - this.flatValue[slot]!) > flat.tolerance) {
        this.flatValue[slot] = value;
        this.flatSince[slot] = ts;
        this.flatCount[slot] = 1;
      } else {
        this.flatCount[slot]!++;
      }
      const n = this.flatCount[slot]!;
      const stuck =
        n >= 2 &&
        ((flat.samples > 0 && n >= flat.samples) ||
          (flat.durationMs > 0 && ts - this.flatSince[slot]! >= flat.durationMs));
      if (stuck || active[base + K_FLAT] === 1 || this.fallTs[base + K_FLAT] === this.fallTs[base + K_FLAT]) {
        this.emit(slot, K_FLAT, stuck, NaN, flat, flat.priority, value, ts, n);
      }
    } else if (active[base + K_FLAT] === 1) {
      this.emit(slot, K_FLAT, false, NaN, flat, flat.priority, value, ts, 0);
    }

    const { stats: S, trend: T } = this.settings;
    const guard = this.guard;
    if (guard !== undefined && guard.excludes(slot, this.device[slot]!, this.signal[slot]!, ts)) return;
    const scorer = this.deps.stats;
    if (scorer && S.enabled) {
      const ss = this.statsSlot[slot]!;
      const score = scorer.update(ss, ts, value);
      // The scorer raises once per excursion (it damps repeats): the condition holds for that reading.
      const raised = scorer.isAnomaly(ss);
      // A look-alike of a labelled false alarm is stored, suppressed, and raises nothing.
      const alarmed = raised && this.noteStats(slot, ss, value, ts);
      if (S.alarms) {
        if (alarmed || active[base + K_STATS] === 1)
          this.emit(slot, K_STATS, alarmed, NaN, NO_DELAY, S.priority, value, ts, score);
      } else {
        active[base + K_STATS] = alarmed ? 1 : 0;
      }
    }

    const predictor = this.deps.trend;
    if (predictor && T.enabled) {
      const tslot = this.trendSlot[slot]!;
      predictor.update(tslot, ts, value);
      // Fitting the line is the costly part: a warning minutes ahead needs it every few readings only.
      const due = ++this.trendTick[slot]! >= TREND_EVERY;
      if (due) this.trendTick[slot] = 0;
      const watch = due && L.enabled && (L.hi === L.hi || L.lo === L.lo);
      const beyond = active[base + K_HIGH] === 1 || active[base + K_LOW] === 1;
      if (watch && !beyond) {
        const lim = this.trendLimits;
        lim.hi = L.hi === L.hi ? L.hi : undefined;
        lim.lo = L.lo === L.lo ? L.lo : undefined;
        const f = predictor.forecast(tslot, lim, T.horizonMs);
        if (f || active[base + K_TREND] === 1 || this.fallTs[base + K_TREND] === this.fallTs[base + K_TREND]) {
          this.emit(slot, K_TREND, f !== null, f ? f.limitValue : NaN, NO_DELAY, T.priority, value, ts, f);
        }
      } else if (due && active[base + K_TREND] === 1) {
        this.emit(slot, K_TREND, false, NaN, NO_DELAY, T.priority, value, ts, null);
      }
    }
  }

  /** Limits: level 2 is the critical limit (hiHi/loLo), 1 the ordinary one. */
  private limitEdge(
    slot: number,
    k: number,
    level: number,
    limit: number,
    L: SeriesRules['limits'],
    value: number,
    ts: number,
  ) {
    const i = slot * KINDS + k;
    if (level === 0 && this.active[i] === 0 && this.fallTs[i] !== this.fallTs[i]) return;
    this.emit(slot, k, level > 0, limit, L, level === 2 ? 'critical' : L.priority, value, ts, level);
  }

  /**
   * Tracks the condition's edges, records an anomaly on the rising one, and tells the alarm
   * service: every evaluation while active, the falling edge, and the off-delay tail.
   */
  private emit(
    slot: number,
    k: number,
    on: boolean,
    limit: number,
    alarm: Pick<AlarmSettings, 'onDelayMs' | 'offDelayMs'>,
    priority: Priority,
    value: number,
    ts: number,
    extra: unknown,
  ): void {
    const i = slot * KINDS + k;
    if (on) {
      if (this.active[i] === 0) {
        this.active[i] = 1;
        this.fallTs[i] = NaN;
        if (k !== K_STATS) this.noteRule(slot, k, limit, value, ts, extra);
      }
    } else if (this.active[i] === 1) {
      this.active[i] = 0;
      this.fallTs[i] = alarm.offDelayMs > 0 ? ts : NaN;
    } else {
      const fell = this.fallTs[i]!;
      if (fell !== fell) return;
      if (ts - fell >= alarm.offDelayMs) this.fallTs[i] = NaN;
    }
    if (k === K_TREND && this.settings.trend.alarms === false) return; // an advisory: recorded, not alarmed
    const c = this.cond;
    c.kind = ALARM_KIND[k]!;
    c.active = on;
    c.limit = limit;
    c.priority = priority;
    c.onDelayMs = alarm.onDelayMs;
    c.offDelayMs = alarm.offDelayMs;
    const said = this.said;
    said.slot = slot;
    said.k = k;
    said.on = on;
    said.limit = limit;
    said.value = value;
    said.ts = ts;
    said.extra = extra;
    this.deps.alarms.apply(this.device[slot]!, this.signal[slot]!, c, value, ts);
  }

  private describe(
    slot: number,
    k: number,
    on: boolean,
    limit: number,
    value: number,
    ts: number,
    extra: unknown,
  ): string {
    const signal = this.signal[slot]!;
    const L = this.rules[slot]!.limits;
    switch (k) {
      case K_HIGH:
        return limitMessage(signal, value, 'high', limitName(k, L, limit), limit, on);
      case K_LOW:
        return limitMessage(signal, value, 'low', limitName(k, L, limit), limit, on);
      case K_RATE:
        return rateMessage(signal, value, limit, on);
      case K_FLAT:
        return flatlineMessage(signal, value, this.flatCount[slot]!, ts - this.flatSince[slot]!, on);
      case K_QUALITY:
        return qualityMessage(signal, String(extra), on);
      case K_STATS:
        return statsMessage(
          signal,
          value,
          extra as number,
          on ? this.deps.stats!.explain(this.statsSlot[slot]!).baseline : NaN,
          on,
        );
      default: {
        const f = extra as TrendForecast | null;
        return trendMessage(signal, f?.limit ?? '', limit, f?.inMs ?? 0, f?.crossAtMs ?? 0, on);
      }
    }
  }

  /** A rule (or the trend predictor) started to hold: one anomaly, with what it saw. */
  private noteRule(slot: number, k: number, limit: number, value: number, ts: number, extra: unknown): void {
    const finding = ruleEvidence(k, this.rules[slot]!, {
      limit,
      value,
      ts,
      extra,
      lastValue: this.lastValue[slot]!,
      flatSince: this.flatSince[slot]!,
      flatCount: this.flatCount[slot]!,
      trendHorizonMs: this.settings.trend.horizonMs,
    });
    this.pending.push({
      deviceId: this.device[slot]!,
      signal: this.signal[slot]!,
      ts,
      score: 1,
      message: this.describe(slot, k, true, limit, value, ts, extra),
      ...finding,
    });
  }

  /** A statistical anomaly's rising edge: stored; true when it is to raise an alarm (no look-alike of a false alarm). */
  private noteStats(slot: number, ss: number, value: number, ts: number): boolean {
    const e = this.deps.stats!.explain(ss);
    const anomaly: DetectedAnomaly = {
      deviceId: this.device[slot]!,
      signal: this.signal[slot]!,
      ts,
      detector: 'stats',
      score: e.score,
      kind: 'statistical',
      message: statsMessage(this.signal[slot]!, value, e.score, e.baseline, true),
      evidence: { ...e, value, threshold: this.settings.stats.threshold },
    };
    const label = this.deps.feedback?.suppressing(anomaly) ?? null;
    if (label !== null) anomaly.suppressedBy = label;
    this.pending.push(anomaly);
    return label === null;
  }
}

const NO_DELAY = { onDelayMs: 0, offDelayMs: 0 } as const;
