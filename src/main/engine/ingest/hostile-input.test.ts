// Property-based tests of every decoder against hostile input (fast-check, fixed seeds so a
// failure reproduces): none throws, whatever arrives; every reading that comes out is one the
// pipeline can store; every message yields a reading or a reason; and the rejected parts of a
// message, grouped into one dead letter as the pipeline does, decode again to the same refusals
// (so a re-queue retries exactly what was refused).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DATE_MS } from './reading-time';
import { decodeCsvPayload, type CsvOptions } from './decode-csv';
import { decodeJsonPayload, decodeValuePayload, type DecodeResult } from './decode-json';
import { readRow, type RowPlan } from './file-import/row-readings';
import { recordDecoder } from './kafka/record-decoder';
import { groupRejections } from './reject-groups';
import { encodeSparkplugPayload, type MetricInput } from './sparkplug/sparkplug-proto';
import { SparkplugSession } from './sparkplug/sparkplug-session';
import { decodeStored } from './stored-decoder';
import type { KafkaSourceConfig } from '../config/config-schema';

const now = Date.parse('2026-11-22T08:00:00Z');
const opts = { now, maxPayloadBytes: 256 * 1024, maxFutureMs: 5 * 60_000, maxAgeMs: null };
const enc = new TextEncoder();
const RUNS = { seed: 10, numRuns: 1500 };

/** What the pipeline relies on for every reading a decoder lets through. */
function expectStorable(r: DecodeResult): void {
  for (const d of r.readings) {
    expect(d.deviceId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(['__proto__', 'constructor', 'prototype']).not.toContain(d.deviceId);
    expect(['__proto__', 'constructor', 'prototype']).not.toContain(d.signal);
    expect(typeof d.signal).toBe('string');
    expect(d.signal.length).toBeGreaterThan(0);
    expect(d.signal.length).toBeLessThanOrEqual(128);
    expect(Number.isFinite(d.value)).toBe(true);
    expect(Number.isFinite(d.ts) && Math.abs(d.ts) <= MAX_DATE_MS).toBe(true);
    expect(['good', 'uncertain', 'bad']).toContain(d.quality);
    expect(typeof d.unit === 'string' && d.unit.length <= 32).toBe(true);
  }
  for (const x of r.rejects) {
    expect(typeof x.reason).toBe('string');
    expect(x.raw).toBeInstanceOf(Uint8Array);
  }
}

const PROTO_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const key = fc.oneof(fc.constantFrom(...PROTO_WORDS, 'temp', 'a/b', ''), fc.string({ maxLength: 12 }));
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e300, -1e300, 8.64e15 + 1, -8.64e15 - 1, 1e11, Number.MAX_SAFE_INTEGER + 2, -0, 0, now, now / 1000),
);
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileNumber,
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const field = <T>(typical: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: typical }, { weight: 1, arbitrary: anyJson });
const deviceId = fc.oneof(fc.constantFrom('press-7', 'a'.repeat(129), 'dev ice', 'ü', ...PROTO_WORDS), fc.string());
const timestamp = fc.oneof(
  fc.constant(undefined),
  hostileNumber,
  fc.constantFrom('2026-11-22T07:59:00Z', '+275760-09-13T00:00:00.000Z', 'yesterday', ''),
);
const status = fc.oneof(fc.constant(undefined), fc.constantFrom('ok', 'bad', 'stale', ...PROTO_WORDS), fc.string());
const item = fc.record(
  { sensorType: field(key), value: field(hostileNumber), unit: field(fc.string()), status, timestamp },
  { requiredKeys: [] },
);
const reading = fc.oneof(
  fc.record(
    { deviceId: field(deviceId), timestamp, sensorType: field(key), value: field(hostileNumber), status },
    { requiredKeys: [] },
  ),
  fc.record({ deviceId: field(deviceId), timestamp, readings: field(fc.array(field(item), { maxLength: 5 })) }),
  fc.record({ deviceId: field(deviceId), timestamp, status, values: field(fc.dictionary(key, field(hostileNumber))) }),
);
const payload = fc.oneof(reading, fc.array(reading, { maxLength: 6 }), anyJson);

/** Decodes a letter's payload again, as a re-queue does. */
function redecode(letter: ReturnType<typeof groupRejections>[number]): DecodeResult {
  return letter.decoder ? decodeStored(letter.decoder, letter.raw, opts) : decodeJsonPayload(letter.raw, opts);
}

describe('the JSON decoders against hostile payloads', () => {
  it('never throw; let through only storable readings; always give a reading or a reason', () => {
    fc.assert(
      fc.property(payload, (doc) => {
        const r = decodeJsonPayload(enc.encode(JSON.stringify(doc) ?? 'undefined'), opts);
        expectStorable(r);
        expect(r.readings.length + r.rejects.length).toBeGreaterThan(0);
        const v = decodeValuePayload(enc.encode(JSON.stringify(doc) ?? ''), {
          ...opts,
          names: { deviceId: 'd', signal: 's' },
        });
        expectStorable(v);
        expect(v.readings.length + v.rejects.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('group the rejected parts of a message into letters that are refused again alike', () => {
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 6 }), (doc) => {
        const r = decodeJsonPayload(enc.encode(JSON.stringify(doc)), opts);
        if (r.rejects.length === 0) return;
        // Small items: one letter, holding every refused item, refused again for the same reasons.
        const letters = groupRejections('s', 'o', r.rejects);
        expect(letters).toHaveLength(1);
        expect(letters[0]!.count).toBe(r.rejects.length);
        const again = redecode(letters[0]!);
        expect(again.readings).toEqual([]);
        expect(again.rejects.map((x) => x.reason)).toEqual(r.rejects.map((x) => x.reason));
      }),
      { seed: 11, numRuns: 800 },
    );
  });

  it('refuse the payloads that crashed the engine, with a reason', () => {
    const deep = (open: string, close: string, n: number, inner = '1') => open.repeat(n) + inner + close.repeat(n);
    const cases: [string, string, RegExp][] = [
      ['arrays 10,000 deep', deep('[', ']', 10_000), /deeper than 32 levels/],
      ['a value 10,000 deep', `{"deviceId":"p","sensorType":"t","value":${deep('[', ']', 10_000)}}`, /deeper/],
      ['a readings item 10,000 deep', `{"deviceId":"p","readings":[${deep('{"a":', '}', 10_000)}]}`, /deeper/],
      ['a values entry 10,000 deep', `{"deviceId":"p","values":{"t":${deep('[', ']', 10_000)}}}`, /deeper/],
      ['a timestamp of 1e300', '{"deviceId":"p","sensorType":"t","value":1,"timestamp":1e300}', /is not a date/],
      ['a timestamp of -1e300', '{"deviceId":"p","sensorType":"t","value":1,"timestamp":-1e300}', /is not a date/],
      [
        'a string nested in strings',
        `{"deviceId":"p","sensorType":"t","value":"${'[{'.repeat(5000)}"}`,
        /must be a number/,
      ],
      ['status "constructor"', '{"deviceId":"p","sensorType":"t","value":1,"status":"constructor"}', /^$/],
    ];
    for (const [what, text, reason] of cases) {
      const r = decodeJsonPayload(enc.encode(text), opts);
      expectStorable(r);
      if (reason.source === '^$')
        expect(
          r.readings.map((d) => d.quality),
          what,
        ).toEqual(['uncertain']);
      else expect(r.rejects.map((x) => x.reason).join(), what).toMatch(reason);
      const v = decodeValuePayload(enc.encode(text), { ...opts, names: { deviceId: 'd', signal: 's' } });
      expectStorable(v);
      expect(v.readings.length + v.rejects.length, what).toBeGreaterThan(0);
    }
  });
});

const csvText = fc.string({
  unit: fc.constantFrom(
    ',',
    ';',
    '"',
    '\n',
    '\r',
    ' ',
    'a',
    'p',
    '1',
    '.',
    'e',
    '9',
    '-',
    'T',
    ':',
    '\u00e9',
    '\uFEFF',
  ),
  maxLength: 120,
});
const csvOptions: fc.Arbitrary<CsvOptions> = fc.record({
  separator: fc.constantFrom(',', ';', '\t', '|'),
  columns: fc.option(
    fc.constantFrom(
      ['deviceId', 'sensorType', 'value', 'timestamp'],
      ['deviceId', 'signal', 'value'],
      ['constructor', 'deviceId', 'sensorType', 'value', '__proto__'],
    ),
    { nil: undefined },
  ),
  header: fc.constantFrom('auto' as const, true, false),
});

describe('the CSV decoder against hostile bodies', () => {
  it('never throws, lets through only storable readings, and its letters decode again alike', () => {
    fc.assert(
      fc.property(csvText, csvOptions, (text, csv) => {
        if (csv.header === false && !csv.columns) return;
        const body = `deviceId,sensorType,value,timestamp\npress-7,t,1,${now}\n${text}`;
        const r = decodeCsvPayload(enc.encode(body), csv, opts);
        expectStorable(r);
        for (const letter of groupRejections('http', 'o', r.rejects)) {
          const again = redecode(letter);
          expect(again.readings).toEqual([]);
          expect(again.rejects).toHaveLength(letter.count ?? 1);
        }
      }),
      RUNS,
    );
  });
});

describe('the Kafka record decoder against hostile records', () => {
  it('never throws on any bytes, in any format', () => {
    for (const format of ['json', 'csv', 'sparkplug'] as const) {
      const session = new SparkplugSession({ onBirth: () => {}, onDeath: () => {}, requestRebirth: () => {} });
      const decode = recordDecoder(
        { id: 'k', format, csv: { separator: ',', columns: ['deviceId', 'sensorType', 'value'] } } as KafkaSourceConfig,
        (key, value, o) => session.handle(key, value, o),
      );
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.uint8Array({ maxLength: 40 })), (value, key) => {
          const r = decode(
            { topic: 't', key: key === null ? null : Buffer.from(key), value: Buffer.from(value) },
            opts,
          );
          expectStorable(r);
        }),
        { seed: 12, numRuns: 500 },
      );
    }
  });
});

const metric: fc.Arbitrary<MetricInput> = fc.record(
  {
    name: fc.oneof(fc.constantFrom('Temp', 'bdSeq', 'Node Control/Rebirth', '', ...PROTO_WORDS), fc.string()),
    alias: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    timestamp: fc.oneof(fc.constant(BigInt(now)), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
    datatype: fc.integer({ min: 0, max: 40 }),
    is_historical: fc.boolean(),
    is_null: fc.boolean(),
    int_value: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    double_value: fc.double(),
    float_value: fc.float(),
    boolean_value: fc.boolean(),
    string_value: fc.string(),
  },
  { requiredKeys: [] },
);
const topic = fc.oneof(
  fc.constantFrom(
    'spBv1.0/g/NBIRTH/e',
    'spBv1.0/g/DBIRTH/e/d',
    'spBv1.0/g/NDATA/e',
    'spBv1.0/g/DDATA/e/d',
    'spBv1.0/g/NDEATH/e',
    'spBv1.0/g/DDEATH/e/d',
    'spBv1.0/STATE/host',
    'spBv1.0/g/DDATA/e',
  ),
  fc.string().map((s) => `spBv1.0/${s}`),
);

/** Metrics nested in templates `depth` deep, written byte by byte (an encoder would recurse).
 * Each level only adds a prefix (tag and length), so the prefixes are found inside out. */
function nestedTemplates(depth: number): Uint8Array {
  const varint = (n: number) => {
    const out: number[] = [];
    for (; n > 0x7f; n >>>= 7) out.push((n & 0x7f) | 0x80);
    out.push(n);
    return out;
  };
  const prefixes: number[][] = [];
  let length = 0;
  const wrap = (tag: number[]) => {
    const prefix = [...tag, ...varint(length)];
    prefixes.push(prefix);
    length += prefix.length;
  };
  for (let i = 0; i < depth; i++) {
    wrap([0x12]); // Template.metrics
    wrap([0x92, 0x01]); // Metric.template_value
  }
  wrap([0x12]); // Payload.metrics
  return Uint8Array.from(prefixes.reverse().flat());
}

describe('the Sparkplug session against hostile messages', () => {
  it('never throws on any bytes or any metrics, and lets through only storable readings', () => {
    const session = new SparkplugSession({ onBirth: () => {}, onDeath: () => {}, requestRebirth: () => {} });
    fc.assert(
      fc.property(
        topic,
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .record({ seq: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), metrics: fc.array(metric, { maxLength: 5 }) })
            .map((p) => encodeSparkplugPayload(p)),
        ),
        (t, bytes) => expectStorable(session.handle(t, bytes, opts)),
      ),
      { seed: 13, numRuns: 800 },
    );
    const deep = session.handle('spBv1.0/g/DDATA/e/d', nestedTemplates(5000), opts);
    expect(deep.rejects.map((r) => r.reason).join()).toMatch(/not a valid Sparkplug B protobuf/);
  });
});

describe('file rows against hostile fields', () => {
  it('never throw, whatever the fields', () => {
    const plan: RowPlan = {
      width: 4,
      timestamp: 3,
      device: { index: 0 },
      quality: undefined,
      long: { signal: { index: 1 }, value: 2, unit: undefined },
      wide: undefined,
    };
    const cell = fc.oneof(
      fc.constantFrom('1e300', '-1e300', '9'.repeat(400), 'constructor', '__proto__', 'NaN', 'true', ''),
      fc.string(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 0, maxLength: 5 }), (fields) => {
        const out = readRow({ row: 1, fields, raw: '' }, plan, { now, maxFutureMs: 3600_000, separator: ',' });
        expectStorable({ readings: out.readings, rejects: [] });
        expect(out.readings.length + out.errors.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
