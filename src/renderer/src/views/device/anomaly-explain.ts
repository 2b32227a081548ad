// What an anomaly says about itself, as short lines for the Device view: which rule and limit;
// or score, baseline and deviation; or model, version and the signals contributing most. The
// evidence is typed by the anomaly's kind (contract/detection.ts); a figure an older engine did
// not store reads "–".
import type { Anomaly } from '../../../../shared/contract/detection';
import { formatLocalTime } from '../../components/format';

const num = (v: number | null | undefined): string =>
  typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '–';
const secs = (v: number | null | undefined): string => (typeof v === 'number' ? `${Math.round(v / 1000)} s` : '–');
/** The rule entry a rule's setting came from, unless it is the default. */
const fromRule = (from: string | undefined): string => (from && from !== 'default' ? ` (rule ${from})` : '');

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

/**
 * A look-alike of an anomaly an expert labelled a false alarm: stored and shown, no alarm
 * raised (feedback from expert review). Null when the anomaly raised as usual.
 */
export function suppressionNote(a: Pick<Anomaly, 'suppressedBy'>): string | null {
  return a.suppressedBy ? `Suppressed by feedback: looks like false alarm ${a.suppressedBy}; no alarm raised` : null;
}

export function explainAnomaly(a: Anomaly): string {
  switch (a.kind) {
    case 'high':
    case 'low': {
      const e = a.evidence;
      return `${String(e.limit)} ${num(e.limitValue)} crossed at ${num(e.value)}, deadband ${num(e.deadband)}${fromRule(e.from)}`;
    }
    case 'rate': {
      const e = a.evidence;
      return `${num(e.ratePerSecond)}/s against at most ${num(e.maxPerSecond)}/s, from ${num(e.previous)} to ${num(e.value)}${fromRule(e.from)}`;
    }
    case 'flatline': {
      const e = a.evidence;
      const limit = [
        e.limitSamples ? `${num(e.limitSamples)} readings` : '',
        e.limitDurationMs ? secs(e.limitDurationMs) : '',
      ]
        .filter(Boolean)
        .join(' or ');
      return `${num(e.value)} for ${num(e.samples)} readings over ${secs(e.durationMs)} (limit ${limit}, tolerance ${num(e.tolerance)})${fromRule(e.from)}`;
    }
    case 'quality':
      return `the sensor reported ${String(a.evidence.quality)} quality${fromRule(a.evidence.from)}`;
    case 'offline': {
      const e = a.evidence;
      return e.died === true
        ? 'the device announced its death (Sparkplug)'
        : `silent for ${secs(e.silenceMs)} (limit ${secs(e.timeoutMs)})${fromRule(e.from)}`;
    }
    case 'statistical': {
      const e = a.evidence;
      return `score ${num(e.score)} (threshold ${num(e.threshold)}), baseline ${num(e.baseline)}, deviation ${num(e.deviation)}${
        e.seasonal && e.seasonal !== 'none' ? `, ${e.seasonal} profile` : ''
      }`;
    }
    case 'trend': {
      const e = a.evidence;
      return `slope ${num(e.slopePerSecond)}/s reaches ${String(e.limit)} ${num(e.limitValue)} at ${
        typeof e.crossAtMs === 'number' ? formatLocalTime(e.crossAtMs) : '–'
      } (fit R² ${num(e.r2)})`;
    }
    case 'model': {
      const e = a.evidence;
      // Each signal's share of the statistic (its contribution), so an operator sees which sensors moved.
      const top = (e.top ?? [])
        .map((t) => (typeof t.share === 'number' ? `${t.signal} ${Math.round(t.share * 100)} %` : t.signal))
        .join(', ');
      return `model ${e.model ?? a.detector} v${String(e.version ?? '?')}, score ${num(e.score)} over ${num(e.threshold)}${
        top ? `; most off: ${top}` : ''
      }`;
    }
  }
}
