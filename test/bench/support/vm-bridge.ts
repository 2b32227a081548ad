// The live-path bench's yardstick: the small bridge a user would write to put MQTT readings into
// VictoriaMetrics. One mqtt.js client subscribed to the topic; each JSON reading checked
// (a device, a signal, a finite number, a time) and turned into a line of VictoriaMetrics' JSON
// import format; lines batched (10,000 or every 200 ms, whichever first) and POSTed to
// /api/v1/import, two batches in flight at most. A reading that fails the check is counted,
// not sent. After every accepted POST it prints the running totals as one JSON line on stdout,
// so the bench knows when everything it published has been taken by VictoriaMetrics.
import mqtt from 'mqtt';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    vm: { type: 'string' },
    topic: { type: 'string', default: 'live/+' },
    qos: { type: 'string', default: '0' },
    batch: { type: 'string', default: '10000' },
    'flush-ms': { type: 'string', default: '200' },
  },
});
const BATCH = Number(values.batch);
const FLUSH_MS = Number(values['flush-ms']);
const importUrl = `${values.vm}/api/v1/import`;

let lines: string[] = [];
let imported = 0;
let invalid = 0;
let inFlight = 0;
const waiting: (() => void)[] = [];

async function post(batch: string[]): Promise<void> {
  while (inFlight >= 2) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  try {
    const res = await fetch(importUrl, { method: 'POST', body: batch.join('\n') });
    if (!res.ok) throw new Error(`${importUrl}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    imported += batch.length;
    process.stdout.write(`${JSON.stringify({ imported, invalid })}\n`);
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

function flush(): void {
  if (lines.length === 0) return;
  const batch = lines;
  lines = [];
  post(batch).catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}

interface JsonReading {
  deviceId?: unknown;
  sensorType?: unknown;
  value?: unknown;
  timestamp?: unknown;
}

function onMessage(_topic: string, payload: Buffer): void {
  let r: JsonReading;
  try {
    r = JSON.parse(payload.toString()) as JsonReading;
  } catch {
    invalid++;
    return;
  }
  const ts = typeof r.timestamp === 'number' ? r.timestamp : Date.parse(String(r.timestamp));
  if (
    typeof r.deviceId !== 'string' ||
    typeof r.sensorType !== 'string' ||
    typeof r.value !== 'number' ||
    !Number.isFinite(r.value) ||
    !Number.isFinite(ts)
  ) {
    invalid++;
    return;
  }
  lines.push(
    JSON.stringify({
      metric: { __name__: 'reading', device: r.deviceId, signal: r.sensorType },
      values: [r.value],
      timestamps: [ts],
    }),
  );
  if (lines.length >= BATCH) flush();
}

async function main() {
  const client = await mqtt.connectAsync(values.url!, { clientId: `vm-bridge-${process.pid}`, clean: true });
  client.on('message', onMessage);
  await client.subscribeAsync(values.topic!, { qos: Number(values.qos) as 0 | 1 });
  setInterval(flush, FLUSH_MS);
  process.stdout.write(`${JSON.stringify({ imported, invalid, ready: true })}\n`);
  process.on('SIGTERM', () => {
    void client.endAsync().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
