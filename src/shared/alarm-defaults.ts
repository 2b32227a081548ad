// Default on-delay, off-delay and deadband of a limit alarm, by the kind of signal. They follow
// the practice ISA-18.2 (TR-5) and EEMUA 191 describe — deadband as a share of the operating
// range (flow and level 5 %, pressure 2 %, temperature 1 %) and delays so that one noisy reading
// never alarms and a value hovering at a limit does not chatter — with one choice of ours: short
// on-delays (a few seconds: a real excursion is announced at once) and longer off-delays (the
// return must last before the alarm clears), because an on-delay makes every alarm later and an
// off-delay costs nothing. Settings → Rules overrides any of them per device and signal
// (docs/configuration.md: Alarm defaults).

export const SIGNAL_KINDS = [
  'temperature',
  'pressure',
  'flow',
  'level',
  'vibration',
  'counter',
  'quality',
  'other',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface LimitDefaults {
  /** Share of the signal's operating range (its normal band, else the span of its limits). */
  deadbandPct: number;
  onDelayMs: number;
  offDelayMs: number;
}

export const LIMIT_DEFAULTS: Readonly<Record<SignalKind, LimitDefaults>> = {
  temperature: { deadbandPct: 1, onDelayMs: 5_000, offDelayMs: 60_000 },
  pressure: { deadbandPct: 2, onDelayMs: 3_000, offDelayMs: 15_000 },
  flow: { deadbandPct: 5, onDelayMs: 3_000, offDelayMs: 15_000 },
  level: { deadbandPct: 5, onDelayMs: 5_000, offDelayMs: 60_000 },
  vibration: { deadbandPct: 3, onDelayMs: 3_000, offDelayMs: 15_000 },
  counter: { deadbandPct: 5, onDelayMs: 10_000, offDelayMs: 30_000 },
  quality: { deadbandPct: 1, onDelayMs: 10_000, offDelayMs: 30_000 },
  other: { deadbandPct: 2, onDelayMs: 3_000, offDelayMs: 15_000 },
};

/** What a signal is recognised by, most telling first: its key, its device's kind, its unit. */
const PATTERNS: readonly [SignalKind, RegExp][] = [
  ['temperature', /temp|celsius|fahrenheit|kelvin|°[cf]\b|\bdeg[cf]?\b/i],
  ['pressure', /press|\bpsi|\bbar\b|\bmbar\b|\b[kmh]?pa\b/i],
  ['flow', /flow|m3\/h|m³\/h|l\/min|\bgpm\b|\bscfm\b/i],
  ['level', /level|\blvl\b/i],
  ['vibration', /vib|accel|\bmm\/s\b|\bhz\b/i],
  ['counter', /count|\bunits?\b|\/hour|\bpcs\b|throughput|output/i],
  ['quality', /quality|score|yield/i],
];

function match(text: string | undefined): SignalKind | undefined {
  if (!text) return undefined;
  for (const [kind, re] of PATTERNS) if (re.test(text)) return kind;
  return undefined;
}

/** The kind of a signal, from its key, else its device's kind, else its unit; "other" when none tells. */
export function signalKindOf(signal: { key: string; unit?: string }, deviceKind?: string): SignalKind {
  return match(signal.key) ?? match(deviceKind) ?? match(signal.unit) ?? 'other';
}

/** The operating range a deadband is a share of: the normal band, else the span of the limits. */
export function operatingRange(signal: {
  normal?: readonly [number, number] | undefined;
  limits: { lo?: number; hi?: number; loLo?: number; hiHi?: number };
}): number {
  if (signal.normal) return Math.abs(signal.normal[1] - signal.normal[0]);
  const { lo, hi, loLo, hiHi } = signal.limits;
  const values = [lo, hi, loLo, hiHi].filter((v): v is number => v !== undefined);
  if (values.length >= 2) return Math.max(...values) - Math.min(...values);
  return values.length === 1 ? Math.abs(values[0]!) : 0;
}

/** The default deadband of a signal of this kind, rounded to three significant figures. */
export function defaultDeadband(kind: SignalKind, signal: Parameters<typeof operatingRange>[0]): number {
  const band = (operatingRange(signal) * LIMIT_DEFAULTS[kind].deadbandPct) / 100;
  return band > 0 ? Number(band.toPrecision(3)) : 0;
}
