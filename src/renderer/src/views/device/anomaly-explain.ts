// What an anomaly says about itself, as short lines for the Device view: which rule and limit;
// or score, baseline and deviation; or model, version and the signals contributing most.
import type { Anomaly } from '../../../../shared/contract/detection';

const num = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '–';
const secs = (v: unknown): string => (typeof v === 'number' ? `${Math.round(v / 1000)} s` : '–');

export const KIND_NAMES: Record<Anomaly['kind'], string> = {
  high: 'High limit',
  low: 'Low limit',
  rate: 'Rate of change',
  flatline: 'Flatline',
  offline: 'Offline',
  quality: 'Bad quality',
  statistical: 'Statistical',
  trend: 'Trend',
  model: 'Model',
};

export function explainAnomaly(a: Anomaly): string {
  const e = a.evidence;
  const from = typeof e.from === 'string' && e.from !== 'default' ? ` (rule ${e.from})` : '';
  switch (a.kind) {
    case 'high':
    case 'low':
      return `${String(e.limit)} ${num(e.limitValue)} crossed at ${num(e.value)}, deadband ${num(e.deadband)}${from}`;
    case 'rate':
      return `${num(e.ratePerSecond)}/s against at most ${num(e.maxPerSecond)}/s, from ${num(e.previous)} to ${num(e.value)}${from}`;
    case 'flatline': {
      const limit = [
        e.limitSamples ? `${num(e.limitSamples)} readings` : '',
        e.limitDurationMs ? secs(e.limitDurationMs) : '',
      ]
        .filter(Boolean)
        .join(' or ');
      return `${num(e.value)} for ${num(e.samples)} readings over ${secs(e.durationMs)} (limit ${limit}, tolerance ${num(e.tolerance)})${from}`;
    }
    case 'quality':
      return `the sensor reported ${String(e.quality)} quality${from}`;
    case 'offline':
      return e.died === true
        ? 'the device announced its death (Sparkplug)'
        : `silent for ${secs(e.silenceMs)} (limit ${secs(e.timeoutMs)})${from}`;
    case 'statistical':
      return `score ${num(e.score)} (threshold ${num(e.threshold)}), baseline ${num(e.baseline)}, deviation ${num(e.deviation)}${
        typeof e.seasonal === 'string' && e.seasonal !== 'none' ? `, ${e.seasonal} profile` : ''
      }`;
    case 'trend':
      return `slope ${num(e.slopePerSecond)}/s reaches ${String(e.limit)} ${num(e.limitValue)} at ${
        typeof e.crossAtMs === 'number' ? new Date(e.crossAtMs).toLocaleString() : '–'
      } (fit R² ${num(e.r2)})`;
    case 'model': {
      const top = Array.isArray(e.top)
        ? (e.top as { signal?: unknown }[]).map((t) => String(t.signal ?? '?')).join(', ')
        : '';
      return `model ${String(e.model ?? a.detector)} v${String(e.version ?? '?')}, score ${num(e.score)} over ${num(e.threshold)}${
        top ? `; most off: ${top}` : ''
      }`;
    }
  }
}
