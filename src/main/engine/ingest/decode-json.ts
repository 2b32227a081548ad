// Decodes JSON telemetry payloads into readings. Accepted shapes:
//   one reading   {"deviceId","timestamp","sensorType","value","unit","location","status"}
//   one device    {"deviceId","timestamp","readings":[{"sensorType","value","unit"}, ...]}
//                 {"deviceId","timestamp","values":{"temperature":21.5, ...}}
//   many readings [ {one reading}, ... ]
// Broker payloads are untrusted: every field is checked, and each bad reading is rejected
// with a reason while the good ones beside it go on.
import type { Quality } from '../../../shared/domain';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import {
  describe,
  parseDeviceId,
  parseSignal,
  parseTimestamp,
  parseValue,
  qualityOfStatus,
  Rejected,
} from './reading-fields';
import type { TimeLimits } from './reading-time';
import type { StoredDecoder } from './decoder-spec';

export interface DecodedReading {
  /** Position in the payload's top-level array, when it was one. */
  index?: number;
  deviceId: string;
  signal: string;
  ts: number;
  value: number;
  quality: Quality;
  unit: string;
  /** The source marks it as history (Sparkplug is_historical): stored, never live or alarmed. */
  history?: boolean;
}

export interface DecodeRejection {
  /** Position in the payload's top-level array, when it was one. */
  index?: number;
  reason: string;
  raw: Uint8Array;
  /** Bytes the payload had, when raw holds fewer of them (a request body refused unread). */
  size?: number;
  /**
   * How this part joins the other rejected parts of its message into one dead letter that
   * decodes again alike: 'json' parts are readings objects that go into a JSON array, 'lines'
   * parts are rows joined by line breaks. Absent: raw stands alone (usually the whole message).
   */
  join?: 'json' | 'lines';
  /** What decodes raw again when the source's own decoder cannot (a CSV row without its header). */
  decoder?: StoredDecoder;
}

export interface DecodeResult {
  readings: DecodedReading[];
  rejects: DecodeRejection[];
}

export interface DecodeOptions extends TimeLimits {
  maxPayloadBytes: number;
  /** Device and signal named by the topic, used where the payload does not name them. */
  names?: { deviceId?: string; signal?: string };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function parseQuality(obj: Record<string, unknown>): Quality {
  const q = obj.quality ?? obj.status;
  if (q === undefined || q === null) return 'good';
  if (typeof q !== 'string') throw new Rejected(`"status" must be a string, got ${describe(q)}`);
  return qualityOfStatus(q);
}

function parseUnit(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Rejected(`"unit" must be a string, got ${describe(v)}`);
  return v.slice(0, 32);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields of a device object that give its parts their meaning, for a part's dead letter. */
function context(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.hasOwn(obj, k)) out[k] = obj[k];
  return out;
}

const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/**
 * One reading, or one device's readings. `whole` is the payload when obj is all of it (its
 * rejection keeps the bytes as they came); an item of an array, or one of a device's readings,
 * is kept as a standalone JSON object that decodes again to the same reading.
 */
function decodeObject(obj: unknown, opts: DecodeOptions, out: DecodeResult, whole: Uint8Array | undefined): void {
  const reject = (reason: string) =>
    out.rejects.push(whole ? { reason, raw: whole } : { reason, raw: json(obj), join: 'json' });
  // The two refusals a hostile message repeats by the thousand are found without a throw, which
  // costs several times the rest of the check.
  if (!isObject(obj)) {
    reject(`a reading must be an object, got ${describe(obj)}`);
    return;
  }
  if (obj.deviceId === undefined && opts.names?.deviceId === undefined) {
    reject('missing "deviceId"');
    return;
  }
  try {
    const deviceId = parseDeviceId(obj.deviceId ?? opts.names?.deviceId);
    const deviceTs = parseTimestamp(obj.timestamp, opts);

    if (obj.readings !== undefined) {
      if (!Array.isArray(obj.readings))
        throw new Rejected(`"readings" must be an array, got ${describe(obj.readings)}`);
      if (obj.readings.length === 0) throw new Rejected('"readings" is empty: no readings');
      const around = context(obj, ['deviceId', 'timestamp']);
      for (const item of obj.readings) {
        try {
          if (!isObject(item)) throw new Rejected(`each of "readings" must be an object, got ${describe(item)}`);
          out.readings.push({
            deviceId,
            signal: parseSignal(item.sensorType),
            ts: item.timestamp === undefined ? deviceTs : parseTimestamp(item.timestamp, opts),
            value: parseValue(item.value, 'value'),
            quality: parseQuality(item),
            unit: parseUnit(item.unit),
          });
        } catch (err) {
          if (!(err instanceof Rejected)) throw err;
          out.rejects.push({
            reason: `device ${deviceId}: ${err.message}`,
            raw: json({ ...around, readings: [item] }),
            join: 'json',
          });
        }
      }
      return;
    }

    if (obj.values !== undefined) {
      if (!isObject(obj.values))
        throw new Rejected(`"values" must be an object of signal: number, got ${describe(obj.values)}`);
      if (Object.keys(obj.values).length === 0) throw new Rejected('"values" is empty: no readings');
      const quality = parseQuality(obj);
      const around = context(obj, ['deviceId', 'timestamp', 'status', 'quality']);
      for (const [key, v] of Object.entries(obj.values)) {
        try {
          out.readings.push({
            deviceId,
            signal: parseSignal(key),
            ts: deviceTs,
            value: parseValue(v, `values.${key}`),
            quality,
            unit: '',
          });
        } catch (err) {
          if (!(err instanceof Rejected)) throw err;
          // A computed key is an own property, even "__proto__".
          out.rejects.push({
            reason: `device ${deviceId}: ${err.message}`,
            raw: json({ ...around, values: { [key]: v } }),
            join: 'json',
          });
        }
      }
      return;
    }

    out.readings.push({
      deviceId,
      signal: parseSignal(obj.sensorType ?? opts.names?.signal),
      ts: deviceTs,
      value: parseValue(obj.value, 'value'),
      quality: parseQuality(obj),
      unit: parseUnit(obj.unit),
    });
  } catch (err) {
    if (!(err instanceof Rejected)) throw err;
    reject(err.message);
  }
}

/** Checks size, encoding, nesting and syntax; the parsed document, or the payload's rejection. */
function parsePayload(payload: Uint8Array, opts: DecodeOptions, notJson?: string): { json: unknown } | DecodeRejection {
  if (payload.byteLength > opts.maxPayloadBytes) {
    return {
      reason: `payload of ${payload.byteLength} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`,
      raw: payload,
    };
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { reason: notJson ?? 'payload is not valid UTF-8', raw: payload };
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { reason: `payload nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`, raw: payload };
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (err) {
    return { reason: notJson ?? `payload is not valid JSON: ${(err as Error).message}`, raw: payload };
  }
}

export function decodeJsonPayload(payload: Uint8Array, opts: DecodeOptions): DecodeResult {
  const out: DecodeResult = { readings: [], rejects: [] };
  const parsed = parsePayload(payload, opts);
  if (!('json' in parsed)) {
    out.rejects.push(parsed);
    return out;
  }
  const { json: doc } = parsed;
  if (Array.isArray(doc)) {
    if (doc.length === 0) out.rejects.push({ reason: 'empty array: no readings', raw: payload });
    doc.forEach((item, index) => {
      const first = { readings: out.readings.length, rejects: out.rejects.length };
      decodeObject(item, opts, out, undefined);
      for (let i = first.readings; i < out.readings.length; i++) out.readings[i]!.index = index;
      for (let i = first.rejects; i < out.rejects.length; i++) out.rejects[i]!.index = index;
    });
  } else {
    decodeObject(doc, opts, out, payload);
  }
  return out;
}

/**
 * A bare value whose device and signal come from the topic: `72.4`, or
 * `{"value":72.4,"timestamp":…,"status":…}`.
 */
export function decodeValuePayload(payload: Uint8Array, opts: DecodeOptions): DecodeResult {
  const out: DecodeResult = { readings: [], rejects: [] };
  if (!opts.names?.deviceId || !opts.names.signal) {
    out.rejects.push({ reason: 'the topic names no device and signal for a bare value', raw: payload });
    return out;
  }
  const parsed = parsePayload(payload, opts, 'payload is not a number or a JSON value');
  if (!('json' in parsed)) {
    out.rejects.push(parsed);
    return out;
  }
  const { json: doc } = parsed;
  decodeObject(
    typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : { value: doc },
    opts,
    out,
    payload,
  );
  return out;
}
