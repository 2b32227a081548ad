// Words and evidence for what the detectors found. Called only when a condition changes or
// holds (never for a quiet reading), so it may allocate.
const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Math.round(v * 1000) / 1000);
};

export function seconds(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

export function limitMessage(
  signal: string,
  value: number,
  dir: 'high' | 'low',
  name: string,
  limit: number,
  active: boolean,
): string {
  if (active) return `${signal} ${fmt(value)} ${dir === 'high' ? '>' : '<'} ${name} ${fmt(limit)}`;
  return `${signal} ${fmt(value)} back ${dir === 'high' ? 'below' : 'above'} ${name} ${fmt(limit)}`;
}

export function rateMessage(signal: string, rate: number, max: number, active: boolean): string {
  return active
    ? `${signal} changing ${fmt(rate)}/s, faster than ${fmt(max)}/s`
    : `${signal} rate of change ${fmt(rate)}/s, back under ${fmt(max)}/s`;
}

export function flatlineMessage(
  signal: string,
  value: number,
  samples: number,
  sinceMs: number,
  active: boolean,
): string {
  return active
    ? `${signal} stuck at ${fmt(value)} for ${samples} readings (${seconds(sinceMs)})`
    : `${signal} moving again (${fmt(value)})`;
}

export function qualityMessage(signal: string, quality: string, active: boolean): string {
  return active ? `${signal} reports ${quality} quality` : `${signal} quality back to ${quality}`;
}

export function offlineMessage(silenceMs: number, timeoutMs: number, died: boolean, active: boolean): string {
  if (!active) return 'reporting again';
  if (died) return 'the device announced its death (Sparkplug)';
  return `no data for ${seconds(silenceMs)} (limit ${seconds(timeoutMs)})`;
}

export function statsMessage(signal: string, value: number, score: number, baseline: number, active: boolean): string {
  return active
    ? `${signal} ${fmt(value)} unusual (score ${fmt(score)}, baseline ${fmt(baseline)})`
    : `${signal} back to its usual range`;
}

export function trendMessage(
  signal: string,
  name: string,
  limit: number,
  inMs: number,
  atMs: number,
  active: boolean,
): string {
  if (!active) return `${signal} no longer heading for a limit`;
  return `${signal} heading for ${name} ${fmt(limit)} in ~${seconds(inMs)} (at ${new Date(atMs).toISOString()})`;
}
