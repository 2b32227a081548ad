import { describe, expect, it } from 'vitest';
import { KafkaSourceConfig } from '../../config/config-schema';
import type { DecodeOptions } from '../decode-json';
import { DataType, encodeSparkplugPayload } from '../sparkplug/sparkplug-proto';
import { SparkplugSession } from '../sparkplug/sparkplug-session';
import { recordDecoder } from './record-decoder';

const now = Date.parse('2026-11-22T08:00:00Z');
const opts: DecodeOptions = { now, maxPayloadBytes: 1024, maxFutureMs: 3600_000, maxAgeMs: 3600_000 };
const config = (format: 'json' | 'csv' | 'sparkplug') =>
  KafkaSourceConfig.parse({ brokers: ['127.0.0.1:9092'], topics: ['plant'], format });
const record = (value: string | null, key: string | null = null) => ({
  topic: 'plant',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
});
const reasons = (r: { rejects: { reason: string }[] }) => r.rejects.map((x) => x.reason);

describe('recordDecoder', () => {
  it('decodes JSON and CSV records by the configured format', () => {
    const json = recordDecoder(config('json'))(record('{"deviceId":"a","sensorType":"t","value":1}'), opts);
    expect(json.readings.map((r) => [r.deviceId, r.value])).toEqual([['a', 1]]);
    const csv = recordDecoder(config('csv'))(record(`a,t,2,${now}`), opts);
    expect(csv.readings.map((r) => [r.deviceId, r.value, r.ts])).toEqual([['a', 2, now]]);
  });

  it('rejects a tombstone instead of failing on it', () => {
    expect(reasons(recordDecoder(config('json'))(record(null), opts))).toEqual(['record has no value (tombstone)']);
  });

  it('rejects Sparkplug records while no Sparkplug decoder is installed', () => {
    const r = recordDecoder(config('sparkplug'))(record('\x08\x01'), opts);
    expect(reasons(r)).toEqual(['Sparkplug decoding not available']);
    expect(Buffer.from(r.rejects[0]!.raw).toString()).toBe('\x08\x01');
  });

  it('gives the Sparkplug decoder the record key as topic, or the Kafka topic without one', () => {
    const seen: string[] = [];
    const decode = recordDecoder(config('sparkplug'), (topic) => {
      seen.push(topic);
      return { readings: [], rejects: [] };
    });
    decode(record('x', 'spBv1.0/line/DDATA/edge-1/press-7'), opts);
    decode(record('x'), opts);
    expect(seen).toEqual(['spBv1.0/line/DDATA/edge-1/press-7', 'plant']);
  });

  it('reads bridged Sparkplug B through the engine Sparkplug session', () => {
    const session = new SparkplugSession({ onBirth: () => {}, onDeath: () => {}, requestRebirth: () => {} });
    const decode = recordDecoder(config('sparkplug'), (t, v, o) => session.handle(t, v, o));
    const sp = (key: string, payload: Parameters<typeof encodeSparkplugPayload>[0]) => ({
      topic: 'plant',
      key: Buffer.from(key),
      value: Buffer.from(encodeSparkplugPayload(payload)),
    });
    const metric = { name: 'Pressure', alias: 7, datatype: DataType.Double };
    decode(
      sp('spBv1.0/line/NBIRTH/edge-1', { timestamp: now, seq: 0, metrics: [{ ...metric, double_value: 1 }] }),
      opts,
    );
    const data = decode(
      sp('spBv1.0/line/NDATA/edge-1', {
        timestamp: now,
        seq: 1,
        metrics: [{ alias: 7, datatype: DataType.Double, double_value: 2.5 }],
      }),
      opts,
    );
    expect(data.rejects).toEqual([]);
    expect(data.readings.map((r) => r.value)).toEqual([2.5]);
  });

  it('turns a decoder that throws into a rejection', () => {
    const decode = recordDecoder(config('sparkplug'), () => {
      throw new Error('index out of range');
    });
    expect(reasons(decode(record('x'), opts))).toEqual(['sparkplug decoder failed: index out of range']);
  });
});
