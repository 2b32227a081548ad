// Decodes JSON telemetry payloads into readings. Accepted shapes:
//   one reading   {"deviceId","timestamp","sensorType","value","unit","location","status"}
//   one device    {"deviceId","timestamp","readings":[{"sensorType","value","unit"}, ...]}
//                 {"deviceId","timestamp","values":{"temperature":21.5, ...}}
//   many readings [ {one reading}, ... ]
// Broker payloads are untrusted: every field is checked, and each bad reading is rejected
// with a reason while the good ones beside it go on.
import type { Quality } from '../../../shared/domain';
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

function decodeObject(obj: unknown, opts: DecodeOptions, out: DecodeResult): void {
  const raw = () => encoder.encode(JSON.stringify(obj));
  try {
    if (!isObject(obj)) throw new Rejected(`a reading must be an object, got ${describe(obj)}`);
    const deviceId = parseDeviceId(obj.deviceId ?? opts.names?.deviceId);
    const deviceTs = parseTimestamp(obj.timestamp, opts);

    if (obj.readings !== undefined) {
      if (!Array.isArray(obj.readings))
        throw new Rejected(`"readings" must be an array, got ${describe(obj.readings)}`);
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
          out.rejects.push({ reason: `device ${deviceId}: ${err.message}`, raw: encoder.encode(JSON.stringify(item)) });
        }
      }
      return;
    }

    if (obj.values !== undefined) {
      if (!isObject(obj.values))
        throw new Rejected(`"values" must be an object of signal: number, got ${describe(obj.values)}`);
      const quality = parseQuality(obj);
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
          out.rejects.push({
            reason: `device ${deviceId}: ${err.message}`,
            raw: encoder.encode(JSON.stringify({ [key]: v })),
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
    out.rejects.push({ reason: err.message, raw: raw() });
  }
}

export function decodeJsonPayload(payload: Uint8Array, opts: DecodeOptions): DecodeResult {
  const out: DecodeResult = { readings: [], rejects: [] };
  if (payload.byteLength > opts.maxPayloadBytes) {
    out.rejects.push({
      reason: `payload of ${payload.byteLength} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`,
      raw: payload,
    });
    return out;
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    out.rejects.push({ reason: 'payload is not valid UTF-8', raw: payload });
    return out;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    out.rejects.push({ reason: `payload is not valid JSON: ${(err as Error).message}`, raw: payload });
    return out;
  }
  if (Array.isArray(json)) {
    if (json.length === 0) out.rejects.push({ reason: 'empty array: no readings', raw: payload });
    json.forEach((item, index) => {
      const first = { readings: out.readings.length, rejects: out.rejects.length };
      decodeObject(item, opts, out);
      for (let i = first.readings; i < out.readings.length; i++) out.readings[i]!.index = index;
      for (let i = first.rejects; i < out.rejects.length; i++) out.rejects[i]!.index = index;
    });
  } else {
    decodeObject(json, opts, out);
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
  if (payload.byteLength > opts.maxPayloadBytes) {
    out.rejects.push({
      reason: `payload of ${payload.byteLength} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`,
      raw: payload,
    });
    return out;
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    out.rejects.push({ reason: 'payload is not a number or a JSON value', raw: payload });
    return out;
  }
  return decodeJsonPayload(
    encoder.encode(
      JSON.stringify(typeof json === 'object' && json !== null && !Array.isArray(json) ? json : { value: json }),
    ),
    opts,
  );
}
