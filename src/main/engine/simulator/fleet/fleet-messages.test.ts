import { describe, expect, it } from 'vitest';
import { decodeJsonPayload } from '../../ingest/decode-json';
import { encodeTick } from './fleet-messages';
import type { DeviceTick } from './fleet-model';

const origin = Date.parse('2026-11-22T08:00:00Z');
const tick: DeviceTick = {
  device: 'fleet-0007',
  time: 1250,
  readings: [
    { signal: 'temperature', unit: 'celsius', value: 71.25 },
    { signal: 'pressure', unit: 'bar', value: 4.1 },
  ],
};
const decode = (payload: string) =>
  decodeJsonPayload(new TextEncoder().encode(payload), {
    now: origin,
    maxPayloadBytes: 256 * 1024,
    maxFutureMs: 60_000,
    maxAgeMs: 60_000,
  });

describe('encodeTick', () => {
  it('sends one documented reading per message, which the engine decodes as such', () => {
    const messages = encodeTick(tick, origin, false);
    expect(messages.map((m) => [m.device, m.readings])).toEqual([
      ['fleet-0007', 1],
      ['fleet-0007', 1],
    ]);
    expect(JSON.parse(messages[0]!.payload)).toEqual({
      deviceId: 'fleet-0007',
      timestamp: '2026-11-22T08:00:01.250Z',
      sensorType: 'temperature',
      value: 71.25,
      unit: 'celsius',
      status: 'ok',
    });
    const decoded = messages.flatMap((m) => decode(m.payload).readings);
    expect(decoded.map((r) => [r.deviceId, r.signal, r.ts, r.value, r.quality])).toEqual([
      ['fleet-0007', 'temperature', origin + 1250, 71.25, 'good'],
      ['fleet-0007', 'pressure', origin + 1250, 4.1, 'good'],
    ]);
  });

  it('with batch, sends the device’s signals in one message', () => {
    const [message, ...rest] = encodeTick(tick, origin, true);
    expect(rest).toEqual([]);
    expect(message!.readings).toBe(2);
    const { readings, rejects } = decode(message!.payload);
    expect(rejects).toEqual([]);
    expect(readings.map((r) => [r.signal, r.value, r.unit, r.ts])).toEqual([
      ['temperature', 71.25, 'celsius', origin + 1250],
      ['pressure', 4.1, 'bar', origin + 1250],
    ]);
  });

  it('sends nothing for a silent device', () => {
    expect(encodeTick({ ...tick, readings: [] }, origin, true)).toEqual([]);
    expect(encodeTick({ ...tick, readings: [] }, origin, false)).toEqual([]);
  });
});
