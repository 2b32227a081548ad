import { describe, expect, it } from 'vitest';
import { decodeJsonPayload } from './decode-json';

const now = Date.parse('2026-11-22T08:00:00Z');
const opts = { now, maxPayloadBytes: 4096, maxFutureMs: 3600_000, maxAgeMs: 3600_000 };
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('decodeJsonPayload', () => {
  it('reads the documented single-reading payload', () => {
    const r = decodeJsonPayload(
      enc({
        deviceId: 'device-001',
        timestamp: '2026-11-22T07:59:58.250Z',
        sensorType: 'temperature',
        value: 72.4,
        unit: 'celsius',
        location: 'Line 1',
        status: 'ok',
      }),
      opts,
    );
    expect(r.rejects).toEqual([]);
    expect(r.readings).toEqual([
      {
        deviceId: 'device-001',
        signal: 'temperature',
        ts: Date.parse('2026-11-22T07:59:58.250Z'),
        value: 72.4,
        quality: 'good',
        unit: 'celsius',
      },
    ]);
  });

  it('reads a one-device batch and an array of readings', () => {
    const batch = decodeJsonPayload(
      enc({
        deviceId: 'press-7',
        timestamp: now,
        readings: [
          { sensorType: 'pressure', value: 31 },
          { sensorType: 'temp', value: 40 },
        ],
      }),
      opts,
    );
    expect(batch.readings.map((r) => [r.signal, r.value])).toEqual([
      ['pressure', 31],
      ['temp', 40],
    ]);
    const values = decodeJsonPayload(enc({ deviceId: 'press-7', values: { a: 1, b: 2 } }), opts);
    expect(values.readings.map((r) => [r.signal, r.value, r.ts])).toEqual([
      ['a', 1, now],
      ['b', 2, now],
    ]);
    const arr = decodeJsonPayload(
      enc([
        { deviceId: 'a', sensorType: 's', value: 1 },
        { deviceId: 'b', sensorType: 's', value: 2 },
      ]),
      opts,
    );
    expect(arr.readings.map((r) => r.deviceId)).toEqual(['a', 'b']);
  });

  it('takes epoch seconds and epoch milliseconds', () => {
    const s = decodeJsonPayload(enc({ deviceId: 'a', sensorType: 's', value: 1, timestamp: now / 1000 }), opts);
    const ms = decodeJsonPayload(enc({ deviceId: 'a', sensorType: 's', value: 1, timestamp: now }), opts);
    expect(s.readings[0]!.ts).toBe(now);
    expect(ms.readings[0]!.ts).toBe(now);
  });

  it.each([
    ['not JSON', 'temperature=72', /not valid JSON/],
    ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b]), /not valid UTF-8/],
    ['missing deviceId', { sensorType: 's', value: 1 }, /missing "deviceId"/],
    ['missing sensorType', { deviceId: 'a', value: 1 }, /missing "sensorType"/],
    ['missing value', { deviceId: 'a', sensorType: 's' }, /missing "value"/],
    [
      'value as a string',
      { deviceId: 'a', sensorType: 's', value: '72.4' },
      /"value" must be a number, got the string/,
    ],
    ['NaN spelled as a string', { deviceId: 'a', sensorType: 's', value: 'NaN' }, /must be a number/],
    ['null value', { deviceId: 'a', sensorType: 's', value: null }, /must be a number, got null/],
    ['deviceId as a number', { deviceId: 17, sensorType: 's', value: 1 }, /"deviceId" must be a string/],
    [
      'timestamp far in the future',
      { deviceId: 'a', sensorType: 's', value: 1, timestamp: now + 86_400_000 },
      /"timestamp" \S+ is more than 1 h ahead of the engine's clock \(ingest\.maxFutureMs\)/,
    ],
    [
      'timestamp that is not a date',
      { deviceId: 'a', sensorType: 's', value: 1, timestamp: 'yesterday' },
      /is not a date/,
    ],
    ['a bare number', '42', /must be an object, got number/],
    ['an empty array', '[]', /empty array/],
  ])('rejects %s with a reason', (_name, payload, reason) => {
    const r = decodeJsonPayload(payload instanceof Uint8Array ? payload : enc(payload), opts);
    expect(r.readings).toEqual([]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.reason).toMatch(reason);
  });

  it('rejects NaN and Infinity that slip past JSON.parse as non-finite numbers', () => {
    // 1e999 parses to Infinity
    const r = decodeJsonPayload(enc('{"deviceId":"a","sensorType":"s","value":1e999}'), opts);
    expect(r.rejects[0]!.reason).toMatch(/not a finite number/);
  });

  it('rejects an oversized payload without parsing it', () => {
    const r = decodeJsonPayload(new Uint8Array(5000), opts);
    expect(r.rejects[0]!.reason).toMatch(/exceeds the 4096-byte limit/);
  });

  it('keeps the good readings of a batch and rejects only the bad one', () => {
    const r = decodeJsonPayload(
      enc({
        deviceId: 'a',
        readings: [
          { sensorType: 'x', value: 1 },
          { sensorType: 'y', value: 'high' },
          { sensorType: 'z', value: 3 },
        ],
      }),
      opts,
    );
    expect(r.readings.map((x) => x.signal)).toEqual(['x', 'z']);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.reason).toMatch(/device a: "value" must be a number/);
  });

  it('maps device status words to quality, and an unknown word to uncertain', () => {
    const q = (status: string) =>
      decodeJsonPayload(enc({ deviceId: 'a', sensorType: 's', value: 1, status }), opts).readings[0]!.quality;
    expect(q('ok')).toBe('good');
    expect(q('FAULT')).toBe('bad');
    expect(q('stale')).toBe('uncertain');
    expect(q('purple')).toBe('uncertain');
  });
});

describe('names from the topic', () => {
  const named = { ...opts, names: { deviceId: 'press-7', signal: 'temperature' } };
  it('fills device and signal a payload leaves out', () => {
    const r = decodeJsonPayload(enc({ value: 3, timestamp: now }), named);
    expect(r.readings[0]).toMatchObject({ deviceId: 'press-7', signal: 'temperature', value: 3 });
  });
  it('lets the payload name them itself', () => {
    const r = decodeJsonPayload(enc({ deviceId: 'other', sensorType: 'p', value: 3 }), named);
    expect(r.readings[0]).toMatchObject({ deviceId: 'other', signal: 'p' });
  });
  it('reads bare values', async () => {
    const { decodeValuePayload } = await import('./decode-json');
    expect(decodeValuePayload(enc('72.5'), named).readings[0]).toMatchObject({ deviceId: 'press-7', value: 72.5 });
    expect(decodeValuePayload(enc({ value: 1, status: 'bad' }), named).readings[0]!.quality).toBe('bad');
    expect(decodeValuePayload(enc('hot'), named).rejects[0]!.reason).toMatch(/not a number/);
    expect(decodeValuePayload(enc('"72"'), named).rejects[0]!.reason).toMatch(/must be a number/);
    expect(decodeValuePayload(enc('1'), opts).rejects[0]!.reason).toMatch(/names no device/);
  });
});
