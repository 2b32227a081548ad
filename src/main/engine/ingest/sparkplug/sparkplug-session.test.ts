import { beforeEach, describe, expect, it } from 'vitest';
import { DataType, encodeSparkplugPayload, type MetricInput } from './sparkplug-proto';
import { SparkplugSession, type SparkplugBirth } from './sparkplug-session';

const T0 = Date.parse('2026-11-22T08:00:00Z');
const opts = (now = T0) => ({ now, maxPayloadBytes: 65_536, maxFutureMs: 3600_000, maxAgeMs: null });

const NODE_BIRTH: MetricInput[] = [
  { name: 'bdSeq', alias: 0, datatype: DataType.UInt64, long_value: 3 },
  { name: 'Node Control/Rebirth', alias: 1, datatype: DataType.Boolean, boolean_value: false },
  { name: 'Uptime', alias: 2, datatype: DataType.Int64, long_value: 100 },
  { name: 'Node Info/Firmware', alias: 3, datatype: DataType.String, string_value: '2.1.0' },
];

const engUnit = (unit: string) => ({ keys: ['engUnit'], values: [{ type: DataType.String, string_value: unit }] });

const PUMP_BIRTH: MetricInput[] = [
  { name: 'Motor/Speed', alias: 10, datatype: DataType.Float, float_value: 1450.5, properties: engUnit('rpm') },
  { name: 'Running', alias: 11, datatype: DataType.Boolean, boolean_value: true },
  { name: 'Status', alias: 12, datatype: DataType.String, string_value: 'ok' },
];

function harness() {
  const births: SparkplugBirth[] = [];
  const deaths: { ids: string[]; ts: number }[] = [];
  const rebirths: string[] = [];
  const session = new SparkplugSession({
    onBirth: (b) => births.push(b),
    onDeath: (ids, ts) => deaths.push({ ids, ts }),
    requestRebirth: (group, edge) => rebirths.push(`${group}/${edge}`),
  });
  const send = (topic: string, payload: Parameters<typeof encodeSparkplugPayload>[0], now = T0) =>
    session.handle(topic, encodeSparkplugPayload(payload), opts(now));
  const birthAll = () => {
    send('spBv1.0/plant/NBIRTH/edge1', { timestamp: T0 - 2000, seq: 0, metrics: NODE_BIRTH });
    send('spBv1.0/plant/DBIRTH/edge1/pump1', { timestamp: T0 - 2000, seq: 1, metrics: PUMP_BIRTH });
  };
  return { session, births, deaths, rebirths, send, birthAll };
}

describe('SparkplugSession births and data', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });

  it('announces births with their numeric signals and units, and reads the birth values', () => {
    const node = h.send('spBv1.0/plant/NBIRTH/edge1', { timestamp: T0 - 2000, seq: 0, metrics: NODE_BIRTH });
    const pump = h.send('spBv1.0/plant/DBIRTH/edge1/pump1', { timestamp: T0 - 2000, seq: 1, metrics: PUMP_BIRTH });
    expect(h.births).toEqual([
      { deviceId: 'plant.edge1', signals: [{ key: 'Uptime', unit: '' }] },
      {
        deviceId: 'plant.edge1.pump1',
        signals: [
          { key: 'Motor/Speed', unit: 'rpm' },
          { key: 'Running', unit: '' },
        ],
      },
    ]);
    expect(node).toEqual({
      readings: [{ deviceId: 'plant.edge1', signal: 'Uptime', ts: T0 - 2000, value: 100, quality: 'good', unit: '' }],
      rejects: [],
    });
    expect(pump.readings.map((r) => [r.signal, r.value, r.unit])).toEqual([
      ['Motor/Speed', 1450.5, 'rpm'],
      ['Running', 1, ''],
    ]);
    expect(h.session.stats().skipped).toEqual({ notNumeric: 2, null: 0, control: 2 });
    expect(h.rebirths).toEqual([]);
  });

  it('names aliased DATA metrics from the birth, with metric, payload or engine time', () => {
    h.birthAll();
    const r = h.send(
      'spBv1.0/plant/DDATA/edge1/pump1',
      {
        timestamp: T0 - 500,
        seq: 2,
        metrics: [
          { alias: 10, timestamp: T0 - 900, float_value: 1460.25 },
          { alias: 11, boolean_value: false },
        ],
      },
      T0,
    );
    expect(r.rejects).toEqual([]);
    expect(r.readings).toEqual([
      {
        deviceId: 'plant.edge1.pump1',
        signal: 'Motor/Speed',
        ts: T0 - 900,
        value: 1460.25,
        quality: 'good',
        unit: 'rpm',
      },
      { deviceId: 'plant.edge1.pump1', signal: 'Running', ts: T0 - 500, value: 0, quality: 'good', unit: '' },
    ]);
    const noTime = h.send('spBv1.0/plant/NDATA/edge1', { seq: 3, metrics: [{ alias: 2, long_value: 160 }] }, T0 + 5);
    expect(noTime.readings).toEqual([
      { deviceId: 'plant.edge1', signal: 'Uptime', ts: T0 + 5, value: 160, quality: 'good', unit: '' },
    ]);
    expect(h.session.stats().outOfOrderSeq).toBe(0);
  });

  it('reads DATA metrics sent by name instead of alias', () => {
    h.birthAll();
    const r = h.send('spBv1.0/plant/DDATA/edge1/pump1', {
      seq: 2,
      metrics: [{ name: 'Motor/Speed', float_value: 12 }],
    });
    expect(r.readings).toMatchObject([{ signal: 'Motor/Speed', value: 12, unit: 'rpm' }]);
  });

  it('counts sequence gaps without rejecting anything', () => {
    h.birthAll();
    const r = h.send('spBv1.0/plant/DDATA/edge1/pump1', { seq: 7, metrics: [{ alias: 11, boolean_value: true }] });
    expect(r.readings).toHaveLength(1);
    h.send('spBv1.0/plant/DDATA/edge1/pump1', { seq: 8, metrics: [{ alias: 11, boolean_value: true }] });
    expect(h.session.stats().outOfOrderSeq).toBe(1);
  });

  it('applies a Quality property in OPC codes', () => {
    h.birthAll();
    const quality = (code: number) => ({ keys: ['Quality'], values: [{ type: DataType.Int32, int_value: code }] });
    const r = h.send('spBv1.0/plant/DDATA/edge1/pump1', {
      seq: 2,
      metrics: [
        { alias: 10, float_value: 1, properties: quality(192) },
        { alias: 10, float_value: 2, properties: quality(500) },
        { alias: 10, float_value: 3, properties: quality(0) },
      ],
    });
    expect(r.readings.map((x) => x.quality)).toEqual(['good', 'uncertain', 'bad']);
  });

  it('takes old metrics (historical ones marked as history) and refuses the far future', () => {
    h.birthAll();
    const old = T0 - 24 * 3600_000;
    const r = h.send('spBv1.0/plant/DDATA/edge1/pump1', {
      seq: 2,
      metrics: [
        { alias: 10, timestamp: old, float_value: 1 },
        { alias: 10, timestamp: old, float_value: 2, is_historical: true },
        { alias: 10, timestamp: T0 + 24 * 3600_000, float_value: 3, is_historical: true },
        { alias: 10, timestamp: 2n ** 63n, float_value: 4 },
      ],
    });
    expect(r.readings.map((x) => [x.value, x.ts, x.history ?? false])).toEqual([
      [1, old, false],
      [2, old, true],
    ]);
    expect(r.rejects).toHaveLength(2);
    expect(r.rejects[0]!.reason).toMatch(/Motor\/Speed.*more than 1 h ahead of the engine's clock/);
  });
});

describe('SparkplugSession without a birth', () => {
  it('rejects unknown aliases and requests one rebirth per node per 5 s', () => {
    const h = harness();
    const data = { seq: 5, metrics: [{ alias: 10, float_value: 1 }] };
    const first = h.send('spBv1.0/plant/DDATA/edge1/pump1', data, T0);
    expect(first.readings).toEqual([]);
    expect(first.rejects).toHaveLength(1);
    expect(first.rejects[0]!.reason).toBe('device plant.edge1.pump1: metric alias 10: unknown alias 10');
    // The dead letter keeps the message itself: once the node has reborn, a re-queue reads it.
    expect(first.rejects[0]!.raw).toEqual(encodeSparkplugPayload(data));
    expect(h.rebirths).toEqual(['plant/edge1']);

    h.send('spBv1.0/plant/DDATA/edge1/pump1', data, T0 + 1000);
    h.send('spBv1.0/plant/NDATA/edge1', { metrics: [{ alias: 2, long_value: 1 }] }, T0 + 4999);
    h.send('spBv1.0/plant/DDATA/edge2/pump1', data, T0 + 1000);
    expect(h.rebirths).toEqual(['plant/edge1', 'plant/edge2']);
    h.send('spBv1.0/plant/DDATA/edge1/pump1', data, T0 + 5000);
    expect(h.rebirths).toEqual(['plant/edge1', 'plant/edge2', 'plant/edge1']);
    expect(h.session.stats().rebirthRequests).toBe(3);

    h.birthAll();
    const after = h.send('spBv1.0/plant/DDATA/edge1/pump1', { seq: 2, metrics: [{ alias: 10, float_value: 7 }] });
    expect(after.readings).toMatchObject([{ signal: 'Motor/Speed', value: 7 }]);
  });

  it('reads self-describing metrics (name and datatype) while asking for the births', () => {
    const h = harness();
    const r = h.send('spBv1.0/plant/NDATA/edge1', {
      metrics: [{ name: 'Flow', datatype: DataType.Double, double_value: 3.5 }, { name: 'Level' }],
    });
    expect(r.readings).toMatchObject([{ deviceId: 'plant.edge1', signal: 'Flow', value: 3.5 }]);
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'device plant.edge1: metric "Level": not in the birth, and carries no datatype',
    ]);
    expect(h.rebirths).toEqual(['plant/edge1']);
  });

  it('asks for a rebirth when a device births before its node', () => {
    const h = harness();
    const r = h.send('spBv1.0/plant/DBIRTH/edge1/pump1', { seq: 1, metrics: PUMP_BIRTH });
    expect(r.readings).toHaveLength(2);
    expect(h.rebirths).toEqual(['plant/edge1']);
  });
});

describe('SparkplugSession deaths', () => {
  it('reports a node death for the node and all its devices at once, then forgets them', () => {
    const h = harness();
    h.birthAll();
    h.send('spBv1.0/plant/DBIRTH/edge1/pump2', { seq: 2, metrics: PUMP_BIRTH });
    // The will was registered at connect time; the death is when it arrives.
    h.send(
      'spBv1.0/plant/NDEATH/edge1',
      { timestamp: T0 - 600_000, metrics: [{ name: 'bdSeq', datatype: DataType.UInt64, long_value: 3 }] },
      T0 + 10,
    );
    expect(h.deaths).toEqual([{ ids: ['plant.edge1', 'plant.edge1.pump1', 'plant.edge1.pump2'], ts: T0 + 10 }]);

    const r = h.send('spBv1.0/plant/DDATA/edge1/pump1', { metrics: [{ alias: 10, float_value: 1 }] }, T0 + 20);
    expect(r.rejects[0]!.reason).toMatch(/unknown alias 10/);
    expect(h.rebirths).toEqual(['plant/edge1']);
  });

  it('reports a device death for that device only', () => {
    const h = harness();
    h.birthAll();
    h.send('spBv1.0/plant/DDEATH/edge1/pump1', { timestamp: T0 - 100, seq: 2 });
    expect(h.deaths).toEqual([{ ids: ['plant.edge1.pump1'], ts: T0 - 100 }]);
  });

  it('ignores a late NDEATH from an earlier connection (bdSeq mismatch)', () => {
    const h = harness();
    h.birthAll();
    h.send('spBv1.0/plant/NDEATH/edge1', { metrics: [{ name: 'bdSeq', datatype: DataType.UInt64, long_value: 2 }] });
    expect(h.deaths).toEqual([]);
    expect(h.session.stats().staleDeaths).toBe(1);
  });
});

describe('SparkplugSession datatypes', () => {
  const big = 2n ** 53n + 2n;
  const metrics: MetricInput[] = [
    { name: 'i8', datatype: DataType.Int8, int_value: -5 },
    { name: 'i16', datatype: DataType.Int16, int_value: 0xffff },
    { name: 'i32', datatype: DataType.Int32, int_value: -100_000 },
    { name: 'u32', datatype: DataType.UInt32, int_value: 4_000_000_000 },
    { name: 'u32long', datatype: DataType.UInt32, long_value: 4_000_000_001 },
    { name: 'i64', datatype: DataType.Int64, long_value: -(2n ** 40n) },
    { name: 'u64big', datatype: DataType.UInt64, long_value: big },
    { name: 'i64big', datatype: DataType.Int64, long_value: -big },
    { name: 'float', datatype: DataType.Float, float_value: 21.1 },
    { name: 'double', datatype: DataType.Double, double_value: 0.1 + 0.2 },
    { name: 'bool', datatype: DataType.Boolean, boolean_value: true },
    { name: 'string', datatype: DataType.String, string_value: 'skipped' },
    { name: 'bytes', datatype: DataType.Bytes, bytes_value: new Uint8Array([1, 2]) },
    { name: 'dataset', datatype: DataType.DataSet, dataset_value: { num_of_columns: 1, columns: ['a'], types: [3] } },
    { name: 'null', datatype: DataType.Double, is_null: true },
    { name: 'nan', datatype: DataType.Double, double_value: NaN },
    { name: 'mismatch', datatype: DataType.Int32, string_value: '12' },
    { name: 'unknown', datatype: 99, int_value: 1 },
  ];

  it('turns numbers and booleans into readings and skips or rejects the rest', () => {
    const h = harness();
    const r = h.send('spBv1.0/g/NBIRTH/e', { timestamp: T0, seq: 0, metrics });
    expect(Object.fromEntries(r.readings.map((x) => [x.signal, [x.value, x.quality]]))).toEqual({
      i8: [-5, 'good'],
      i16: [-1, 'good'],
      i32: [-100_000, 'good'],
      u32: [4_000_000_000, 'good'],
      u32long: [4_000_000_001, 'good'],
      i64: [-(2 ** 40), 'good'],
      u64big: [Number(big), 'uncertain'],
      i64big: [-Number(big), 'uncertain'],
      float: [21.1, 'good'],
      double: [0.1 + 0.2, 'good'],
      bool: [1, 'good'],
    });
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'device g.e: metric "nan": Double value NaN is not finite',
      'device g.e: metric "mismatch": Int32 metric carries string_value',
      'device g.e: metric "unknown": unknown datatype 99',
    ]);
    expect(h.session.stats().skipped).toEqual({ notNumeric: 3, null: 1, control: 0 });
    expect(h.births[0]!.signals.map((s) => s.key)).toContain('null');
    expect(h.births[0]!.signals.map((s) => s.key)).not.toContain('string');
  });
});

describe('SparkplugSession input it cannot read', () => {
  it('rejects a DATA message without metrics, whether or not its birth was seen', () => {
    const h = harness();
    const unborn = h.send('spBv1.0/plant/DDATA/edge1/pump1', { seq: 1, metrics: [] });
    expect(unborn.rejects.map((r) => r.reason)).toEqual([
      'a DATA message for plant.edge1.pump1 carries no metrics, and its birth was not seen',
    ]);
    h.birthAll();
    const born = h.send('spBv1.0/plant/NDATA/edge1', { seq: 2, metrics: [] });
    expect(born.rejects.map((r) => r.reason)).toEqual(['a DATA message for plant.edge1 carries no metrics']);
  });

  it('rejects a corrupt protobuf with the raw bytes', () => {
    const h = harness();
    const raw = new TextEncoder().encode('{"deviceId":"x"}');
    const r = h.session.handle('spBv1.0/plant/NDATA/edge1', raw, opts());
    expect(r.readings).toEqual([]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.reason).toMatch(/^NDATA payload is not a valid Sparkplug B protobuf: /);
    expect(r.rejects[0]!.raw).toBe(raw);
  });

  it('rejects wrong topics and oversized payloads, and ignores commands and STATE', () => {
    const h = harness();
    const p = encodeSparkplugPayload({ metrics: [] });
    expect(h.session.handle('spBv1.0/plant/BOGUS/edge1', p, opts()).rejects[0]!.reason).toMatch(/unknown Sparkplug/);
    const big = new Uint8Array(70_000);
    expect(h.session.handle('spBv1.0/plant/NDATA/edge1', big, opts()).rejects[0]!.reason).toMatch(/exceeds/);
    expect(h.session.handle('spBv1.0/plant/NCMD/edge1', p, opts())).toEqual({ readings: [], rejects: [] });
    expect(h.session.handle('spBv1.0/STATE/host', new TextEncoder().encode('{"online":true}'), opts())).toEqual({
      readings: [],
      rejects: [],
    });
    expect(h.session.stats().ignored).toBe(2);
  });

  it('keeps at most maxNodes edge nodes', () => {
    const session = new SparkplugSession(
      { onBirth: () => {}, onDeath: () => {}, requestRebirth: () => {} },
      { maxNodes: 1 },
    );
    const p = encodeSparkplugPayload({ seq: 0, metrics: [] });
    expect(session.handle('spBv1.0/g/NBIRTH/a', p, opts()).rejects).toEqual([]);
    expect(session.handle('spBv1.0/g/NBIRTH/b', p, opts()).rejects[0]!.reason).toMatch(/more than 1 edge nodes/);
  });
});
