// One metric, already named and typed by its birth, into a Watchfloor reading — or the reason it
// is skipped or rejected. Kept apart from the session so the per-value rules (time, skew,
// quality) read in one place.
import type { DecodeOptions, DecodedReading, DecodeRejection } from '../decode-json';
import type { Metric } from './sparkplug-proto';
import type { MetricDef } from './sparkplug-scope';
import { metricValue, propertyQuality, worse } from './sparkplug-values';

export type MetricOutcome =
  { reading: DecodedReading } | { skipped: 'null' | 'not numeric' | 'control' } | { rejected: DecodeRejection };

const encoder = new TextEncoder();

/** A rejected metric as readable JSON: dead letters show raw bytes as text. */
function describeMetric(m: Metric): Uint8Array {
  const { name, alias, timestamp, datatype, is_null, value } = m;
  const shown = value === 'bytes_value' ? `<${m.bytes_value!.byteLength} bytes>` : value ? m[value] : undefined;
  return encoder.encode(
    JSON.stringify({ name, alias, timestamp, datatype, is_null, [value ?? 'value']: shown }, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
  );
}

/** A hostile timestamp can be outside what Date can print. */
function formatTime(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? `${ts} ms since the epoch` : d.toISOString();
}

/** `name` is the birth's name when the metric itself carries only an alias. */
export function metricReject(deviceId: string, m: Metric, reason: string, name = m.name): DecodeRejection {
  const quoted = name ? `"${name.slice(0, 60)}"` : undefined;
  const alias = m.alias !== undefined ? `alias ${m.alias}` : undefined;
  const which = quoted && alias ? `${quoted} (${alias})` : (quoted ?? alias ?? '(unnamed)');
  return { reason: `device ${deviceId}: metric ${which}: ${reason}`, raw: describeMetric(m) };
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
  if (v.kind === 'reject') return { rejected: metricReject(deviceId, m, v.reason, def.name) };
  if (def.signal === undefined) return { rejected: metricReject(deviceId, m, 'name is empty', def.name) };

  const ts = m.timestamp !== undefined && m.timestamp > 0n ? Number(m.timestamp) : payloadTs;
  // Historical metrics are store-and-forward backfill: old is expected, the future is not.
  const skew = m.is_historical ? ts - opts.now : Math.abs(ts - opts.now);
  if (!(skew <= opts.maxClockSkewMs)) {
    const limit = Math.round(opts.maxClockSkewMs / 1000);
    const reason = `timestamp ${formatTime(ts)} is further than ${limit} s from the engine's clock`;
    return { rejected: metricReject(deviceId, m, reason, def.name) };
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
