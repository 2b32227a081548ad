// The rules in force for each series: entries for a device and a signal, either of which may be
// "*", resolved per rule kind by the most specific entry that names it (device + signal, then
// device + *, then * + signal, then * + *), over built-in defaults (limits, quality and offline
// on; rate and flatline off until configured). Compiled to plain numbers (NaN: no such limit)
// so the detection stage reads them without allocating. A limit rule's on-delay, off-delay and
// deadband, where no entry and no registry value sets them, are those of the signal's kind
// (src/shared/alarm-defaults.ts) unless the site turned those defaults off.
import { defaultDeadband, LIMIT_DEFAULTS, signalKindOf, type SignalKind } from '../../../shared/alarm-defaults';
import type { Priority, Signal } from '../../../shared/domain';
import type { RuleEntry, RuleKind, RuleSet } from '../../../shared/contract/detection';

export interface AlarmSettings {
  enabled: boolean;
  priority: Priority;
  onDelayMs: number;
  offDelayMs: number;
}

export interface CompiledLimits extends AlarmSettings {
  /** The kind of signal whose defaults fill what nothing else set. */
  signalKind: SignalKind;
  lo: number;
  hi: number;
  loLo: number;
  hiHi: number;
  deadband: number;
}

export interface CompiledRate extends AlarmSettings {
  maxPerSecond: number;
  deadband: number;
}

export interface CompiledFlatline extends AlarmSettings {
  /** 0 when not judged by samples. */
  samples: number;
  /** 0 when not judged by time. */
  durationMs: number;
  tolerance: number;
}

export interface CompiledQuality extends AlarmSettings {
  includeUncertain: boolean;
}

export interface CompiledOffline extends AlarmSettings {
  /** NaN: derived from the signals' expected intervals. */
  timeoutMs: number;
}

export interface SeriesRules {
  limits: CompiledLimits;
  rate: CompiledRate;
  flatline: CompiledFlatline;
  quality: CompiledQuality;
  /** Which entry each kind came from ("device-001/*"), or "default". */
  from: Record<Exclude<RuleKind, 'offline'>, string>;
}

export const DEFAULT_PRIORITY: Record<RuleKind, Priority> = {
  limits: 'high',
  rate: 'medium',
  flatline: 'medium',
  quality: 'low',
  offline: 'high',
};

const num = (v: number | undefined) => (v === undefined ? NaN : v);

/** Most specific first. */
function candidates(device: string, signal: string): [string, string][] {
  return [
    [device, signal],
    [device, '*'],
    ['*', signal],
    ['*', '*'],
  ];
}

export interface RuleBookOptions {
  /** Per-signal-kind delays and deadbands for limits (`detection.kindDefaults`); false: none, the registry's deadband only. */
  kindDefaults?: boolean;
  /** The kind of a device ("temperature"), which tells a signal's kind when its key does not. */
  deviceKind?: (deviceId: string) => string | undefined;
}

export class RuleBook {
  private entries = new Map<string, RuleSet>();
  private version = 0;
  private readonly kindDefaults: boolean;

  constructor(
    entries: readonly Pick<RuleEntry, 'device' | 'signal' | 'rules'>[] = [],
    private readonly options: RuleBookOptions = {},
  ) {
    this.kindDefaults = options.kindDefaults ?? true;
    this.replace(entries);
  }

  /** Bumped on every change: compiled rules older than this are stale. */
  get revision(): number {
    return this.version;
  }

  replace(entries: readonly Pick<RuleEntry, 'device' | 'signal' | 'rules'>[]): void {
    this.entries = new Map(entries.map((e) => [`${e.device}\u0000${e.signal}`, e.rules]));
    this.version++;
  }

  /** The entry that decides `kind` for this target, and where it came from. */
  pick<K extends RuleKind>(device: string, signal: string, kind: K): { rule: RuleSet[K]; from: string } {
    for (const [d, s] of candidates(device, signal)) {
      const rule = this.entries.get(`${d}\u0000${s}`)?.[kind];
      if (rule !== undefined) return { rule, from: `${d}/${s}` };
    }
    return { rule: undefined, from: 'default' };
  }

  /** Rules for one series, merged with the registry's limits and deadband. */
  compile(deviceId: string, signal: Signal): SeriesRules {
    const limits = this.pick(deviceId, signal.key, 'limits');
    const rate = this.pick(deviceId, signal.key, 'rate');
    const flat = this.pick(deviceId, signal.key, 'flatline');
    const quality = this.pick(deviceId, signal.key, 'quality');
    const l = limits.rule;
    const reg = signal.limits;
    const signalKind = signalKindOf(signal, this.options.deviceKind?.(deviceId));
    const kind = this.kindDefaults ? LIMIT_DEFAULTS[signalKind] : { onDelayMs: 0, offDelayMs: 0 };
    // A registry deadband of 0 is "not set" (the schema's default): the kind's applies. A rule's 0 is "none".
    const registryBand =
      signal.deadband > 0 || !this.kindDefaults ? signal.deadband : defaultDeadband(signalKind, signal);
    return {
      limits: {
        enabled: l?.enabled ?? true,
        priority: l?.priority ?? DEFAULT_PRIORITY.limits,
        onDelayMs: l?.onDelayMs ?? kind.onDelayMs,
        offDelayMs: l?.offDelayMs ?? kind.offDelayMs,
        signalKind,
        lo: num(l?.lo ?? reg.lo),
        hi: num(l?.hi ?? reg.hi),
        loLo: num(l?.loLo ?? reg.loLo),
        hiHi: num(l?.hiHi ?? reg.hiHi),
        deadband: l?.deadband ?? registryBand,
      },
      rate: {
        enabled: rate.rule?.enabled ?? false,
        priority: rate.rule?.priority ?? DEFAULT_PRIORITY.rate,
        onDelayMs: rate.rule?.onDelayMs ?? 0,
        offDelayMs: rate.rule?.offDelayMs ?? 0,
        maxPerSecond: rate.rule?.maxPerSecond ?? Infinity,
        deadband: rate.rule?.deadband ?? 0,
      },
      flatline: {
        enabled: flat.rule?.enabled ?? false,
        priority: flat.rule?.priority ?? DEFAULT_PRIORITY.flatline,
        onDelayMs: flat.rule?.onDelayMs ?? 0,
        offDelayMs: flat.rule?.offDelayMs ?? 0,
        samples: flat.rule?.samples ?? 0,
        durationMs: flat.rule?.durationMs ?? 0,
        tolerance: flat.rule?.tolerance ?? 0,
      },
      quality: {
        enabled: quality.rule?.enabled ?? true,
        priority: quality.rule?.priority ?? DEFAULT_PRIORITY.quality,
        onDelayMs: quality.rule?.onDelayMs ?? 0,
        offDelayMs: quality.rule?.offDelayMs ?? 0,
        includeUncertain: quality.rule?.includeUncertain ?? false,
      },
      from: { limits: limits.from, rate: rate.from, flatline: flat.from, quality: quality.from },
    };
  }

  /** The offline rule of a device; the timeout is derived from its signals unless given. */
  offline(deviceId: string): CompiledOffline & { from: string } {
    const { rule, from } = this.pick(deviceId, '*', 'offline');
    return {
      enabled: rule?.enabled ?? true,
      priority: rule?.priority ?? DEFAULT_PRIORITY.offline,
      onDelayMs: rule?.onDelayMs ?? 0,
      offDelayMs: rule?.offDelayMs ?? 0,
      timeoutMs: num(rule?.timeoutMs),
      from,
    };
  }
}

/** No data for max(floor, factor × the fastest expected interval) means offline. */
export function offlineTimeoutMs(signals: readonly Signal[], floorMs: number, factor: number): number {
  let fastest = Infinity;
  for (const s of signals) fastest = Math.min(fastest, s.intervalMs);
  return Math.max(floorMs, Number.isFinite(fastest) ? factor * fastest : floorMs);
}
