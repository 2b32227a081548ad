// A device to label in the browser: ten minutes of two signals of device-001 (a wave each, a
// reading every 10 s, ending now), pushed to a serve engine's HTTP ingest.
import { expect } from 'vitest';

export async function ingestTwoSignals(engineUrl: string, now = Date.now()): Promise<void> {
  const readings = Array.from({ length: 60 }, (_, i) => [
    { sensorType: 'temperature', value: 50 + 10 * Math.sin(i / 6), unit: 'celsius' },
    { sensorType: 'humidity', value: 40 + 5 * Math.cos(i / 5), unit: 'percent' },
  ]).flatMap((pair, i) =>
    pair.map((r) => ({ deviceId: 'device-001', ...r, timestamp: new Date(now - (60 - i) * 10_000).toISOString() })),
  );
  const res = await fetch(`${engineUrl}/ingest/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(readings),
  });
  expect(res.status).toBe(202);
}
