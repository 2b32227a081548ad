// From a Prometheus series to a Watchfloor device and signal: the metric allow/deny patterns,
// the device and signal templates (`{{instance}}`, `{{label:job}}`, `{{__name__}}`,
// `{{labels}}`), the target labels (instance, job) every series gets unless it has its own, the
// unit from `# UNIT`, and whether the series is one of the counters stored as a rate. A series
// is planned once, on the first scrape that has it, and the plan is kept for every scrape after
// (keyed by the series text as the exporter writes it), so steady scrapes cost a map lookup per
// sample. docs/configuration.md: Prometheus scrape.
import { isReservedName } from '../reading-fields';
import { labelsOf, nameOf, type Family, type FamilyLookup } from './exposition-parser';

/** Where a plan stands: a series to store, one the patterns drop, or one that cannot be named. */
export interface SeriesPlan {
  drop: boolean;
  /** Why the series cannot be stored (a template gave an empty name, unreadable labels). */
  error?: string;
  device: string;
  signal: string;
  unit: string;
  /** Stored as its per-second rate (signal `<name>:rate…`, unit `<unit>/s`). */
  rate?: { signal: string; unit: string; keepRaw: boolean; prev: number; prevTs: number };
}

export interface MappingConfig {
  device: string;
  signal: string;
  metrics: { allow: readonly string[]; deny: readonly string[] };
  rates: readonly string[];
  keepCounters: boolean;
}

/** The labels a target adds to each of its series (Prometheus's instance and job). */
export interface TargetLabels {
  instance: string;
  job: string;
}

type Part = { kind: 'text'; text: string } | { kind: 'name' } | { kind: 'labels' } | { kind: 'label'; label: string };

/** Splits a template into literal text and placeholders; throws on one it does not know. */
export function compileTemplate(template: string): Part[] {
  const parts: Part[] = [];
  const re = /\{\{([^{}]*)\}\}/g;
  let from = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > from) parts.push({ kind: 'text', text: template.slice(from, m.index) });
    const p = m[1]!.trim();
    if (p === '__name__') parts.push({ kind: 'name' });
    else if (p === 'labels') parts.push({ kind: 'labels' });
    else if (/^label:[A-Za-z_][A-Za-z0-9_]*$/.test(p)) parts.push({ kind: 'label', label: p.slice(6) });
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) parts.push({ kind: 'label', label: p });
    else throw new Error(`template "${template}": unknown placeholder {{${p}}}`);
    from = m.index + m[0].length;
  }
  if (from < template.length) parts.push({ kind: 'text', text: template.slice(from) });
  return parts;
}

/** A glob (`*`, `?`) or a `/regular expression/`, matched against a whole metric name. */
export function compilePattern(pattern: string): RegExp {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    return new RegExp(`^(?:${pattern.slice(1, -1)})$`);
  }
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const MAX_NAME = 128;

/** A stable short hash, so that a name cut to fit stays unique. */
function hash8(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Makes a rendered name one the pipeline takes: other characters become `_`, long names are cut with a hash. */
export function fitName(raw: string, allowed: RegExp): string {
  let s = raw.replace(allowed, '_');
  if (s.length > MAX_NAME) s = `${s.slice(0, MAX_NAME - 9)}~${hash8(s)}`;
  if (isReservedName(s)) s = `${s}_`;
  return s;
}

const DEVICE_OTHER = /[^A-Za-z0-9._:-]/g;
const SIGNAL_OTHER = /[^A-Za-z0-9._:/-]/g;
/** Types whose samples are never rates: levels, not running totals. */
const NOT_COUNTERS = new Set(['gauge', 'gaugehistogram', 'info', 'stateset']);
/** OpenMetrics' creation-time series: a time, not a measurement (Prometheus does not store them either). */
const CREATED_TYPES = new Set(['counter', 'histogram', 'summary', 'gaugehistogram']);

export class SeriesMapper {
  private readonly plans = new Map<string, SeriesPlan>();
  private readonly devices = new Map<string, string>();
  private readonly device: Part[];
  private readonly signal: Part[];
  private readonly named: Set<string>;
  private readonly allow: RegExp[];
  private readonly deny: RegExp[];
  private readonly rates: RegExp[];

  constructor(
    private readonly config: MappingConfig,
    private readonly target: TargetLabels,
  ) {
    this.device = compileTemplate(config.device);
    this.signal = compileTemplate(config.signal);
    // {{labels}} lists the labels no placeholder names, and never the target's own two.
    this.named = new Set(['instance', 'job']);
    for (const p of [...this.device, ...this.signal]) if (p.kind === 'label') this.named.add(p.label);
    this.allow = config.metrics.allow.map(compilePattern);
    this.deny = config.metrics.deny.map(compilePattern);
    this.rates = config.rates.map(compilePattern);
  }

  /** Series planned so far (their plans hold the counters' last values). */
  get size(): number {
    return this.plans.size;
  }

  /** The plan of a series, made on first sight. */
  plan(series: string, families: FamilyLookup): SeriesPlan {
    let p = this.plans.get(series);
    if (p === undefined) {
      // A bound on memory against an exporter whose series never repeat (a timestamp in a label):
      // forgetting the plans only costs planning them again, and a rate one warm-up sample.
      if (this.plans.size >= 1_000_000) this.plans.clear();
      const name = nameOf(series);
      p = this.makePlan(series, name, families.of(name));
      this.plans.set(series, p);
    }
    return p;
  }

  /** Many series share a device: its name is made fit once. */
  private deviceName(raw: string): string {
    let fitted = this.devices.get(raw);
    if (fitted === undefined) {
      if (this.devices.size >= 100_000) this.devices.clear();
      fitted = fitName(raw, DEVICE_OTHER);
      this.devices.set(raw, fitted);
    }
    return fitted;
  }

  private matches(res: readonly RegExp[], name: string, family: string | undefined): boolean {
    return res.some((re) => re.test(name) || (family !== undefined && re.test(family)));
  }

  private makePlan(series: string, name: string, family: Family | undefined): SeriesPlan {
    const drop: SeriesPlan = { drop: true, device: '', signal: '', unit: '' };
    const fam = family?.name;
    if (this.allow.length > 0 && !this.matches(this.allow, name, fam)) return drop;
    if (this.matches(this.deny, name, fam)) return drop;
    if (family && CREATED_TYPES.has(family.type) && name === `${family.name}_created`) return drop;
    const parsed = labelsOf(series);
    if (typeof parsed === 'string') return { ...drop, drop: false, error: parsed };
    // Label sets are short: a scan beats building a map for every new series.
    const label = (key: string): string | undefined => {
      for (const [k, v] of parsed) if (k === key) return v;
      return key === 'instance' ? this.target.instance : key === 'job' ? this.target.job : undefined;
    };
    const rest = parsed.filter(([k]) => !this.named.has(k));
    if (rest.length > 1) rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const render = (parts: Part[], metric: string) => {
      let out = '';
      for (const p of parts) {
        if (p.kind === 'text') out += p.text;
        else if (p.kind === 'name') out += metric;
        else if (p.kind === 'label') out += label(p.label) ?? '';
        else for (const [k, v] of rest) out += `/${k}:${v}`;
      }
      return out;
    };
    const device = this.deviceName(render(this.device, name));
    const signal = fitName(render(this.signal, name), SIGNAL_OTHER);
    const unit = (family?.unit ?? '').slice(0, 30);
    if (device === '' || /^_*$/.test(device)) {
      return { ...drop, drop: false, error: `the device template "${this.config.device}" gives no name for ${series}` };
    }
    if (signal === '') {
      return { ...drop, drop: false, error: `the signal template "${this.config.signal}" gives no name for ${series}` };
    }
    const plan: SeriesPlan = { drop: false, device, signal, unit };
    const counterLike =
      !(family && NOT_COUNTERS.has(family.type)) && !(family?.type === 'summary' && label('quantile') !== undefined);
    if (counterLike && this.matches(this.rates, name, fam)) {
      plan.rate = {
        signal: fitName(render(this.signal, `${name}:rate`), SIGNAL_OTHER),
        unit: `${unit}/s`.slice(0, 32),
        keepRaw: this.config.keepCounters,
        prev: NaN,
        prevTs: NaN,
      };
    }
    return plan;
  }
}

/**
 * The per-second rate of a counter at this sample, or undefined when there is none yet (its
 * first sample, or no time between two). A value below the last is a reset (the exporter
 * restarted): the counter counted up from zero since, as Prometheus's rate() takes it.
 */
export function counterRate(rate: NonNullable<SeriesPlan['rate']>, value: number, ts: number): number | undefined {
  const { prev, prevTs } = rate;
  rate.prev = value;
  rate.prevTs = ts;
  if (Number.isNaN(prev) || !(ts > prevTs)) return undefined;
  const increase = value >= prev ? value - prev : value;
  return increase / ((ts - prevTs) / 1000);
}
