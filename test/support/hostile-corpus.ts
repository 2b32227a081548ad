// A seeded, reproducible corpus of hostile payloads for every ingest channel, for the fuzz test
// and the hostile-traffic benchmark. Each payload is a structural mutation of a valid reading —
// deep nesting, huge numbers, wrong types, truncation, byte flips, odd Unicode, prototype keys,
// very long strings and keys, many keys, empty documents — or plain noise. Hostile payloads name
// devices `hostile-…`, so a mutation that happens to be valid never lands among the valid
// readings a test counts. The same seed gives the same corpus.

/** mulberry32: small, fast, and the same sequence everywhere. */
export class Rand {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

export interface CorpusOptions {
  /** Characters the nesting and long-string mutations may reach (a Kafka mock keeps a few MB). */
  big: number;
}

const enc = new TextEncoder();
const PROTO_WORDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const ODD_TEXT = [
  '\u202Epress\u202C', // right-to-left override
  'pre\u200Bss', // zero-width space
  'p\u0000ress', // NUL
  '\uD800', // lone surrogate
  '\uDFFF\uD800',
  '🏭🔥',
  'ﬀ\u0301',
  'a'.repeat(129),
];

export function validReading(deviceId: string, signal: string, value: number, ts: number) {
  return { deviceId, sensorType: signal, value, timestamp: ts, unit: 'u', status: 'ok' };
}

const deep = (open: string, close: string, n: number, inner: string) => open.repeat(n) + inner + close.repeat(n);

function depth(r: Rand, o: CorpusOptions): number {
  return Math.min(r.pick([33, 200, 2_000, 10_000, 30_000]), Math.max(33, Math.floor(o.big / 2)));
}

function odd(r: Rand): unknown {
  return r.pick<unknown>([
    null,
    true,
    'NaN',
    '',
    [],
    {},
    [1, 2],
    { value: 1 },
    -0,
    '1e999',
    r.pick(PROTO_WORDS),
    r.pick(ODD_TEXT),
  ]);
}

const HUGE = [
  '1e300',
  '-1e300',
  '1e999',
  '-1e999',
  '8640000000000001',
  '123456789012345678901234567890',
  '-0',
  '5e-324',
];

/** One hostile JSON payload (as bytes), and what kind of mutation made it. */
export function hostileJson(r: Rand, id: number, now: number, o: CorpusOptions): { kind: string; bytes: Uint8Array } {
  const device = `hostile-${id}`;
  const base = validReading(device, 't', id, now - 1000);
  const text = JSON.stringify(base);
  const kinds: [string, () => string | Uint8Array][] = [
    ['deep array', () => deep('[', ']', depth(r, o), '1')],
    ['deep object', () => deep('{"a":', '}', depth(r, o), '1')],
    ['deep value', () => text.replace(`"value":${id}`, `"value":${deep('[', ']', depth(r, o), '1')}`)],
    ['deep readings item', () => `{"deviceId":"${device}","readings":[${deep('{"v":', '}', depth(r, o), '1')}]}`],
    ['deep values entry', () => `{"deviceId":"${device}","values":{"t":${deep('[', ']', depth(r, o), '1')}}}`],
    ['huge timestamp', () => text.replace(/"timestamp":\d+/, `"timestamp":${r.pick(HUGE)}`)],
    ['huge value', () => text.replace(`"value":${id}`, `"value":${r.pick(HUGE)}`)],
    [
      'wrong type',
      () => {
        const fields = ['deviceId', 'sensorType', 'value', 'timestamp', 'unit', 'status'] as const;
        return JSON.stringify({ ...base, [r.pick(fields)]: odd(r) });
      },
    ],
    ['truncated', () => text.slice(0, 1 + r.int(text.length - 2))],
    [
      'byte flips',
      () => {
        const bytes = enc.encode(text);
        for (let k = 1 + r.int(4); k > 0; k--) bytes[r.int(bytes.length)] = r.int(256);
        return bytes;
      },
    ],
    [
      'odd unicode',
      () => JSON.stringify({ ...base, [r.pick(['deviceId', 'sensorType', 'status'])]: r.pick(ODD_TEXT) }),
    ],
    [
      'prototype keys',
      () =>
        r.pick([
          `{"__proto__":{"deviceId":"x","sensorType":"t","value":1},"constructor":{"prototype":{}}}`,
          JSON.stringify({ ...base, status: r.pick(PROTO_WORDS) }),
          `{"deviceId":"${device}","values":{"__proto__":1,"constructor":2,"toString":"x"}}`,
          `{"deviceId":"${device}","readings":[{"sensorType":"__proto__","value":1},{"__proto__":{"value":1}}]}`,
          `[{"__proto__":[]},{"constructor":null}]`,
        ]),
    ],
    ['long string', () => JSON.stringify({ ...base, deviceId: 'x'.repeat(o.big) })],
    ['long key', () => `{"deviceId":"${device}","values":{"${'k'.repeat(o.big)}":1}}`],
    [
      'many keys',
      () => {
        const values: Record<string, number> = {};
        for (let k = 0; k < Math.min(o.big / 8, 3000); k++) values[`s${k}`] = k;
        return JSON.stringify({ deviceId: device, timestamp: now - 1000, values });
      },
    ],
    ['empty', () => r.pick(['', '[]', '{}', 'null', '"x"', '0', '[[]]', '{"deviceId":"x","values":{}}'])],
    [
      'empty objects',
      () => `[${Array.from({ length: Math.min(o.big / 3, r.pick([10, 1_000, 20_000])) }, () => '{}').join(',')}]`,
    ],
    ['noise', () => Uint8Array.from({ length: r.int(200) }, () => r.int(256))],
  ];
  const [kind, make] = r.pick(kinds);
  const made = make();
  return { kind, bytes: typeof made === 'string' ? enc.encode(made) : made };
}

/** A bare value for a topic that names device and signal: mostly not a number. */
export function hostileValue(r: Rand, now: number, o: CorpusOptions): Uint8Array {
  const made = r.pick<() => string>([
    () => r.pick(HUGE),
    () => r.pick(['NaN', 'Infinity', '', 'true', 'null', '"12"', '0x10', '1,5', '[1]']),
    () => deep('[', ']', depth(r, o), '1'),
    () => `{"value":${r.pick(HUGE)},"timestamp":${r.pick(HUGE)}}`,
    () => `{"value":1,"timestamp":${r.pick(HUGE)}}`,
    () => `{"value":1,"status":"${r.pick(PROTO_WORDS)}","timestamp":${now}}`,
    () => `{"__proto__":{"value":1}}`,
    () => String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(65536))),
  ])();
  return enc.encode(made);
}

/** One hostile CSV row for the columns deviceId,sensorType,value,timestamp (quotes balanced). */
export function hostileCsvRow(r: Rand, id: number, now: number, o: CorpusOptions): string {
  const device = `hostile-${id}`;
  const row = [device, 't', String(id), String(now - 1000)];
  const mutate = r.pick<() => string[] | string>([
    () => [device, 't', r.pick(HUGE), String(now)],
    () => [device, 't', '1', r.pick(HUGE)],
    () => [device, 't', r.pick(['hot', 'NaN', '0x1F', '', '1,5', 'Infinity'])],
    () => [...row, 'extra', 'fields'],
    () => row.slice(0, 2),
    () => [r.pick(ODD_TEXT), 't', '1', String(now)],
    () => [device, r.pick(PROTO_WORDS), '1', String(now), ''],
    () => [`"${device}"x`, 't', '1', String(now)],
    () => ['"a""b"', '"t"', '"1"', `"${now}"`],
    () => [device, 'x'.repeat(Math.min(o.big, 60_000)), '1', String(now)],
    () => row.join(';'),
    () => r.pick(['', ',,,', '"",""', ' , , , ', '\uFEFF']),
  ]);
  const made = mutate();
  return typeof made === 'string' ? made : made.join(',');
}

/** A whole hostile CSV body for HTTP: a header, rows, and sometimes an unterminated quote. */
export function hostileCsvBody(r: Rand, id: number, now: number, o: CorpusOptions): string {
  const rows = Array.from({ length: 1 + r.int(5) }, (_, k) => hostileCsvRow(r, id * 10 + k, now, o));
  const header = r.pick(['deviceId,sensorType,value,timestamp', 'constructor,__proto__,value', '', 'a;b;c']);
  const tail = r.int(4) === 0 ? `\n"hostile-${id},t,1` : '';
  return `${header}\n${rows.join(r.pick(['\n', '\r\n', '\r']))}${tail}`;
}

function varint(n: number | bigint): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  for (; v > 0x7fn; v >>= 7n) out.push(Number(v & 0x7fn) | 0x80);
  out.push(Number(v));
  return out;
}

/** A length-delimited protobuf field. */
const field = (no: number, bytes: readonly number[]) => [...varint((no << 3) | 2), ...varint(bytes.length), ...bytes];
/** A varint protobuf field. */
const num = (no: number, v: number | bigint) => [...varint(no << 3), ...varint(v)];

/** A Sparkplug metric written by hand, so that it can say what no encoder would let it. */
function metric(r: Rand, now: number): number[] {
  const parts: number[] = [];
  if (r.int(3) > 0)
    parts.push(...field(1, [...enc.encode(r.pick(['Temp', '', 'bdSeq', ...PROTO_WORDS, ...ODD_TEXT]))]));
  if (r.int(2) === 0) parts.push(...num(2, r.pick([0n, 1n, 2n ** 63n, 2n ** 64n - 1n])));
  if (r.int(2) === 0) parts.push(...num(3, r.pick([BigInt(now), 0n, 2n ** 64n - 1n, 10n ** 17n])));
  if (r.int(4) > 0) parts.push(...num(4, r.int(30)));
  if (r.int(4) === 0) parts.push(...num(5, 1)); // is_historical
  parts.push(
    ...r.pick([
      () => num(10, r.int(2 ** 32)),
      () => num(11, r.pick([0n, 2n ** 64n - 1n, 2n ** 53n + 1n])),
      () => [...varint((13 << 3) | 1), ...new Uint8Array(Float64Array.of(r.pick([NaN, Infinity, -0, 1e308])).buffer)],
      () => num(14, 1),
      () => field(15, [...enc.encode('text')]),
      () => [],
    ])(),
  );
  return field(2, parts); // Payload.metrics
}

/** A hostile Sparkplug B message: a topic of its own, and bytes that are noise or odd metrics. */
export function hostileSparkplug(r: Rand, id: number, now: number): { topic: string; bytes: Uint8Array } {
  const type = r.pick(['NBIRTH', 'DBIRTH', 'NDATA', 'DDATA', 'NDEATH', 'DDEATH']);
  const topic = type.startsWith('N') ? `spBv1.0/fuzz/${type}/edge-${id}` : `spBv1.0/fuzz/${type}/edge-${id}/dev`;
  const made = r.pick<() => number[]>([
    () => Array.from({ length: r.int(120) }, () => r.int(256)),
    () => [...num(1, now), ...num(3, r.int(300)), ...Array.from({ length: r.int(6) }, () => metric(r, now)).flat()],
    () => [...num(3, 1)], // no metrics at all
    () => {
      // metrics nested in templates, thousands deep
      let inner: number[] = [];
      for (let k = 0; k < 300; k++) inner = field(18, field(2, inner));
      return field(2, inner);
    },
    () => [...metric(r, now)].slice(0, 1 + r.int(20)), // truncated
  ]);
  return { topic, bytes: Uint8Array.from(made()) };
}
