// Turns one Sparkplug metric value into a Watchfloor reading value. Watchfloor stores numbers:
// integer, float and boolean types become readings; strings, bytes, datasets, templates and the
// other structured types are skipped on purpose (counted, not dead-lettered). A metric whose
// value field contradicts its datatype is a sender bug and is rejected with the reason.
import type { Quality } from '../../../../shared/domain';
import { DATA_TYPE_NAMES, DataType, type Metric, type PropertySet, type PropertyValue } from './sparkplug-proto';

export type MetricValue =
  | { kind: 'reading'; value: number; quality: Quality }
  | { kind: 'skip'; why: 'null' | 'not numeric' }
  | { kind: 'reject'; reason: string };

/** Integer types: two's complement of this width, as the reference (Tahu) decoders read them. */
const INTEGER_BITS: Readonly<Record<number, { bits: number; signed: boolean }>> = {
  [DataType.Int8]: { bits: 8, signed: true },
  [DataType.Int16]: { bits: 16, signed: true },
  [DataType.Int32]: { bits: 32, signed: true },
  [DataType.Int64]: { bits: 64, signed: true },
  [DataType.UInt8]: { bits: 8, signed: false },
  [DataType.UInt16]: { bits: 16, signed: false },
  [DataType.UInt32]: { bits: 32, signed: false },
  [DataType.UInt64]: { bits: 64, signed: false },
};

const NOT_NUMERIC: ReadonlySet<number> = new Set([
  DataType.String,
  DataType.DateTime,
  DataType.Text,
  DataType.UUID,
  DataType.DataSet,
  DataType.Bytes,
  DataType.File,
  DataType.Template,
  DataType.PropertySet,
  DataType.PropertySetList,
]);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function typeName(datatype: number | undefined): string {
  if (datatype === undefined) return 'untyped';
  return DATA_TYPE_NAMES[datatype] ?? `datatype ${datatype}`;
}

/** Whether metrics of this type become readings (and so are announced as signals at birth). */
export function isNumericType(datatype: number | undefined): boolean {
  return (
    datatype !== undefined &&
    (INTEGER_BITS[datatype] !== undefined ||
      datatype === DataType.Float ||
      datatype === DataType.Double ||
      datatype === DataType.Boolean)
  );
}

/** Whether Watchfloor knows the type at all; unknown codes are rejected, known non-numeric skipped. */
export function isKnownType(datatype: number | undefined): boolean {
  return datatype !== undefined && (isNumericType(datatype) || NOT_NUMERIC.has(datatype));
}

/** 64-bit to number: exact up to 2^53, otherwise the nearest double, flagged by the caller. */
export function bigintToNumber(v: bigint): { value: number; exact: boolean } {
  return { value: Number(v), exact: v <= MAX_SAFE && v >= -MAX_SAFE };
}

/** float32 values arrive widened to double (21.1 → 21.100000381469727); keep the shortest
 * decimal that is still the same float32, which is what the sender meant. */
function shortestFloat32(v: number): number {
  for (let p = 1; p < 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return candidate;
  }
  return v;
}

function integerValue(m: Metric, datatype: number): MetricValue {
  const { bits, signed } = INTEGER_BITS[datatype]!;
  let raw: bigint;
  if (m.value === 'int_value') raw = BigInt(m.int_value!);
  else if (m.value === 'long_value') raw = m.long_value!;
  else return mismatch(datatype, m);
  const wrapped = signed ? BigInt.asIntN(bits, raw) : BigInt.asUintN(bits, raw);
  const { value, exact } = bigintToNumber(wrapped);
  return { kind: 'reading', value, quality: exact ? 'good' : 'uncertain' };
}

function floatValue(m: Metric, datatype: number): MetricValue {
  let value: number;
  if (m.value === 'float_value') value = shortestFloat32(m.float_value!);
  else if (m.value === 'double_value') value = m.double_value!;
  else return mismatch(datatype, m);
  if (!Number.isFinite(value)) return { kind: 'reject', reason: `${typeName(datatype)} value ${value} is not finite` };
  return { kind: 'reading', value, quality: 'good' };
}

function mismatch(datatype: number, m: Metric): MetricValue {
  const carried = m.value ? `carries ${m.value}` : 'carries no value (and is not marked is_null)';
  return { kind: 'reject', reason: `${typeName(datatype)} metric ${carried}` };
}

/** The metric's value, given the datatype its birth (or the metric itself) declared. */
export function metricValue(m: Metric, datatype: number | undefined): MetricValue {
  if (datatype === undefined) return { kind: 'reject', reason: 'metric has no datatype, in its birth or itself' };
  if (!isKnownType(datatype)) return { kind: 'reject', reason: `unknown ${typeName(datatype)}` };
  if (!isNumericType(datatype)) return { kind: 'skip', why: 'not numeric' };
  if (m.is_null) return { kind: 'skip', why: 'null' };
  if (datatype === DataType.Boolean) {
    if (m.value !== 'boolean_value') return mismatch(datatype, m);
    return { kind: 'reading', value: m.boolean_value ? 1 : 0, quality: 'good' };
  }
  if (datatype === DataType.Float || datatype === DataType.Double) return floatValue(m, datatype);
  return integerValue(m, datatype);
}

function property(props: PropertySet | undefined, names: readonly string[]): PropertyValue | undefined {
  if (!props?.keys || !props.values) return undefined;
  for (let i = 0; i < props.keys.length; i++) {
    if (names.includes(props.keys[i]!)) return props.values[i];
  }
  return undefined;
}

/** Engineering unit from the metric's properties, as Ignition and Tahu publish it. */
export function metricUnit(props: PropertySet | undefined): string | undefined {
  const v = property(props, ['engUnit', 'EngUnit']);
  if (!v || v.is_null || v.value !== 'string_value') return undefined;
  return v.string_value!.slice(0, 32);
}

/**
 * The "Quality" property some edge nodes (Ignition) attach, in OPC DA codes: 192–255 good,
 * 64–191 uncertain, 0–63 bad; anything else (Ignition's 500 "stale") is uncertain.
 */
export function propertyQuality(props: PropertySet | undefined): Quality | undefined {
  const v = property(props, ['Quality', 'quality']);
  if (!v || v.is_null) return undefined;
  let code: number;
  if (v.value === 'int_value') code = v.int_value! | 0;
  else if (v.value === 'long_value') code = Number(BigInt.asIntN(64, v.long_value!));
  else return undefined;
  if (code >= 192 && code <= 255) return 'good';
  if (code >= 0 && code < 64) return 'bad';
  return 'uncertain';
}

const RANK: Record<Quality, number> = { good: 0, uncertain: 1, bad: 2 };

/** The worse of two qualities. */
export function worse(a: Quality, b: Quality | undefined): Quality {
  return b !== undefined && RANK[b] > RANK[a] ? b : a;
}
