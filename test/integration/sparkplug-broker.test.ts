// Sparkplug B over a real broker: an edge node (a plain mqtt.js client publishing encoded
// payloads, with its NDEATH as the MQTT will) and Watchfloor's side (SparkplugMqttAdapter on
// its own client), both connected to the embedded aedes broker.
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecodeResult } from '../../src/main/engine/ingest/decode-json';
import { EmbeddedBroker } from '../../src/main/engine/ingest/embedded-broker';
import { SparkplugMqttAdapter } from '../../src/main/engine/ingest/sparkplug/sparkplug-mqtt';
import {
  DataType,
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  type PayloadInput,
} from '../../src/main/engine/ingest/sparkplug/sparkplug-proto';
import type { SparkplugBirth } from '../../src/main/engine/ingest/sparkplug/sparkplug-session';
import { sleep, waitFor } from '../support/wait';

const GROUP = 'plant';
const EDGE = 'edge1';
const BD_SEQ = 4;

const NBIRTH: PayloadInput = {
  seq: 0,
  metrics: [
    { name: 'bdSeq', alias: 0, datatype: DataType.UInt64, long_value: BD_SEQ },
    { name: 'Node Control/Rebirth', alias: 1, datatype: DataType.Boolean, boolean_value: false },
    { name: 'CPU Load', alias: 2, datatype: DataType.Double, double_value: 0.25 },
  ],
};

const DBIRTH: PayloadInput = {
  seq: 1,
  metrics: [
    {
      name: 'Motor/Speed',
      alias: 10,
      datatype: DataType.Float,
      float_value: 1450,
      properties: { keys: ['engUnit'], values: [{ type: DataType.String, string_value: 'rpm' }] },
    },
    { name: 'Running', alias: 11, datatype: DataType.Boolean, boolean_value: true },
    { name: 'Serial', alias: 12, datatype: DataType.String, string_value: 'P-0042' },
  ],
};

const DDATA = (seq: number, speed: number): PayloadInput => ({
  timestamp: Date.now(),
  seq,
  metrics: [{ alias: 10, float_value: speed }],
});

describe('Sparkplug B through the embedded broker', () => {
  let broker: EmbeddedBroker;
  let host: MqttClient;
  let adapter: SparkplugMqttAdapter;
  const edges: MqttClient[] = [];
  let decoded: { topic: string; result: DecodeResult }[];
  let births: SparkplugBirth[];
  let deaths: { ids: string[]; ts: number }[];
  let logs: string[];

  const readings = () => decoded.flatMap((d) => d.result.readings);
  const rejects = () => decoded.flatMap((d) => d.result.rejects);

  /** An edge node as Sparkplug specifies it: NDEATH as the will, listening for its NCMDs. */
  async function connectEdge(onCommand?: (payload: Buffer) => void): Promise<MqttClient> {
    const edge = await mqtt.connectAsync(broker.url, {
      clientId: `edge-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 0,
      will: {
        topic: `spBv1.0/${GROUP}/NDEATH/${EDGE}`,
        payload: Buffer.from(
          encodeSparkplugPayload({
            timestamp: Date.now(),
            metrics: [{ name: 'bdSeq', datatype: DataType.UInt64, long_value: BD_SEQ }],
          }),
        ),
        qos: 1,
        retain: false,
      },
    });
    edges.push(edge);
    if (onCommand) {
      edge.on('message', (_topic, payload) => onCommand(payload));
      await edge.subscribeAsync(`spBv1.0/${GROUP}/NCMD/${EDGE}`, { qos: 0 });
    }
    return edge;
  }

  const publish = (edge: MqttClient, type: string, payload: PayloadInput, device?: string) =>
    edge.publishAsync(
      `spBv1.0/${GROUP}/${type}/${EDGE}${device ? `/${device}` : ''}`,
      Buffer.from(encodeSparkplugPayload({ timestamp: Date.now(), ...payload })),
      { qos: 0 },
    );

  beforeEach(async () => {
    decoded = [];
    births = [];
    deaths = [];
    logs = [];
    broker = new EmbeddedBroker({ host: '127.0.0.1', port: 0, log: (m) => logs.push(m) });
    await broker.start();
    host = await mqtt.connectAsync(broker.url, { clientId: 'watchfloor-host', reconnectPeriod: 0 });
    adapter = new SparkplugMqttAdapter(host, {
      onDecoded: (topic, result) => decoded.push({ topic, result }),
      onBirth: (b) => births.push(b),
      onDeath: (ids, ts) => deaths.push({ ids, ts }),
      decodeOptions: () => ({
        now: Date.now(),
        maxPayloadBytes: 256 * 1024,
        maxFutureMs: 3600_000,
        maxAgeMs: 3600_000,
      }),
      clock: () => Date.now(),
      log: (m) => logs.push(m),
    });
    await adapter.start();
  });

  afterEach(async () => {
    await adapter.stop();
    for (const c of edges.splice(0)) await c.endAsync(true);
    await host.endAsync(true);
    await broker.stop();
  });

  it('decodes births and aliased data into named readings with units', async () => {
    const edge = await connectEdge();
    await publish(edge, 'NBIRTH', NBIRTH);
    await publish(edge, 'DBIRTH', DBIRTH, 'pump1');
    await publish(edge, 'DDATA', DDATA(2, 1475.5), 'pump1');

    await waitFor(() => readings().find((r) => r.value === 1475.5), { what: 'the DDATA reading' });
    expect(readings().map((r) => [r.deviceId, r.signal, r.value, r.unit])).toEqual([
      ['plant.edge1', 'CPU Load', 0.25, ''],
      ['plant.edge1.pump1', 'Motor/Speed', 1450, 'rpm'],
      ['plant.edge1.pump1', 'Running', 1, ''],
      ['plant.edge1.pump1', 'Motor/Speed', 1475.5, 'rpm'],
    ]);
    expect(rejects()).toEqual([]);
    expect(births).toEqual([
      { deviceId: 'plant.edge1', signals: [{ key: 'CPU Load', unit: '' }] },
      {
        deviceId: 'plant.edge1.pump1',
        signals: [
          { key: 'Motor/Speed', unit: 'rpm' },
          { key: 'Running', unit: '' },
        ],
      },
    ]);
    expect(adapter.session.stats()).toMatchObject({ outOfOrderSeq: 0, rebirthRequests: 0 });
  });

  it('asks a node whose births it has not seen to rebirth, once, then reads its data', async () => {
    const commands: ReturnType<typeof decodeSparkplugPayload>[] = [];
    const edge = await connectEdge((payload) => {
      commands.push(decodeSparkplugPayload(payload));
      // What a real edge node does on "Node Control/Rebirth": publish every birth again.
      void publish(edge, 'NBIRTH', NBIRTH).then(() => publish(edge, 'DBIRTH', DBIRTH, 'pump1'));
    });

    // As after a Watchfloor restart: the node is mid-session and sends only aliases.
    // Both are written before the NCMD can come back, so both precede the answering births.
    await Promise.all([
      publish(edge, 'DDATA', DDATA(40, 1300), 'pump1'),
      publish(edge, 'DDATA', DDATA(41, 1301), 'pump1'),
    ]);
    await waitFor(() => births.length === 2, { what: 'the births sent in answer to the rebirth request' });

    expect(commands).toHaveLength(1);
    expect(commands[0]!.metrics).toMatchObject([
      { name: 'Node Control/Rebirth', datatype: DataType.Boolean, boolean_value: true },
    ]);
    expect(rejects().map((r) => r.reason)).toEqual([
      'device plant.edge1.pump1: metric alias 10: unknown alias 10',
      'device plant.edge1.pump1: metric alias 10: unknown alias 10',
    ]);

    await publish(edge, 'DDATA', DDATA(2, 1320.5), 'pump1');
    await waitFor(() => readings().find((r) => r.value === 1320.5), { what: 'data read after the rebirth' });
    await sleep(200);
    expect(commands).toHaveLength(1);
    expect(adapter.session.stats().rebirthRequests).toBe(1);
  });

  it('reports a device death, then the node and its remaining devices when the node drops off', async () => {
    const edge = await connectEdge();
    await publish(edge, 'NBIRTH', NBIRTH);
    await publish(edge, 'DBIRTH', DBIRTH, 'pump1');
    await publish(edge, 'DBIRTH', { ...DBIRTH, seq: 2 }, 'pump2');
    await waitFor(() => births.length === 3, { what: 'three births' });

    const ddeathAt = Date.now() - 50;
    await publish(edge, 'DDEATH', { timestamp: ddeathAt, seq: 3 }, 'pump2');
    await waitFor(() => deaths.length === 1, { what: 'the DDEATH' });
    expect(deaths).toEqual([{ ids: ['plant.edge1.pump2'], ts: ddeathAt }]);

    // An ungraceful drop: the broker publishes the node's NDEATH will.
    const before = Date.now();
    edge.stream.destroy();
    await waitFor(() => deaths.length === 2, { what: 'the NDEATH' });
    expect(deaths[1]!.ids).toEqual(['plant.edge1', 'plant.edge1.pump1']);
    expect(deaths[1]!.ts).toBeGreaterThanOrEqual(before);

    // The will's bdSeq matched the live birth, so it counted as a real death.
    expect(adapter.session.stats().staleDeaths).toBe(0);
  });
});
