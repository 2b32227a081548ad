// One metric, already named and typed by its birth, into a Watchfloor reading — or the reason it
// is skipped or rejected. Kept apart from the session so the per-value rules (time, skew,
// quality) read in one place.
import type { DecodeOptions, DecodedReading } from '../decode-json';
import { formatTime, MAX_DATE_MS } from '../reading-fields';
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
  // Historical metrics are store-and-forward backfill: old is expected, the future is not.
  const skew = m.is_historical ? ts - opts.now : Math.abs(ts - opts.now);
  if (!(skew <= opts.maxClockSkewMs) || !(ts <= MAX_DATE_MS)) {
    const limit = Math.round(opts.maxClockSkewMs / 1000);
    const reason = `timestamp ${formatTime(ts)} is further than ${limit} s from the engine's clock`;
    return { rejected: metricReason(deviceId, m, reason, def.name) };
  }
  return {
    reading: {
      deviceId,
      signal: def.signal,
      ts,
      value: v.value,
      quality: worse(v.quality, propertyQuality(m.properties)),
      unit: def.unit,
    },
  };
}
