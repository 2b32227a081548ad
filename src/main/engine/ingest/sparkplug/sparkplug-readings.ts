// One metric, already named and typed by its birth, into a Watchfloor reading — or the reason it
// is skipped or rejected. Kept apart from the session so the per-value rules (time, skew,
// quality) read in one place.
import type { DecodeOptions, DecodedReading } from '../decode-json';
import { timeRefusal } from '../reading-time';
import type { Metric } from './sparkplug-proto';
import type { MetricDef } from './sparkplug-scope';
import { metricValue, propertyQuality, worse } from './sparkplug-values';

export type MetricOutcome =
  { reading: DecodedReading } | { skipped: 'null' | 'not numeric' | 'control' } | { rejected: string };

/** Why a metric was refused, naming it. `name` is the birth's name when the metric itself
 * carries only an alias. The dead letter keeps the whole message, which a re-queue decodes again. */
export function metricReason(deviceId: string, m: Metric, reason: string, name = m.name): string {
  const quoted = name ? `"${name.slice(0, 60)}"` : undefined;
  const alias = m.alias !== undefined ? `alias ${m.alias}` : undefined;
  const which = quoted && alias ? `${quoted} (${alias})` : (quoted ?? alias ?? '(unnamed)');
  return `device ${deviceId}: metric ${which}: ${reason}`;
}

/** Metric time, else the payload's (already defaulted to the engine's clock). */
export function readMetric(
  deviceId: string,
  def: MetricDef,
  m: Metric,
  payloadTs: number,
  opts: DecodeOptions,
): MetricOutcome {
  if (def.control) return { skipped: 'control' };
  const v = metricValue(m, m.datatype ?? def.datatype);
  if (v.kind === 'skip') return { skipped: v.why };
  if (v.kind === 'reject') return { rejected: metricReason(deviceId, m, v.reason, def.name) };
  if (def.signal === undefined) return { rejected: metricReason(deviceId, m, 'name is empty', def.name) };

  const ts = m.timestamp !== undefined && m.timestamp > 0n ? Number(m.timestamp) : payloadTs;
  const refusal = timeRefusal(ts, opts);
  if (refusal) return { rejected: metricReason(deviceId, m, refusal, def.name) };
  const reading: DecodedReading = {
    deviceId,
    signal: def.signal,
    ts,
    value: v.value,
    quality: worse(v.quality, propertyQuality(m.properties)),
    unit: def.unit,
  };
  // The edge node says it is store-and-forward backfill: history, however recent.
  if (m.is_historical) reading.history = true;
  return { reading };
}
