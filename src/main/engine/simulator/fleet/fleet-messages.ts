// The wire shape of a tick, in the JSON payloads the engine decodes (docs/configuration.md "Payloads"): one
// message per reading, or with --batch one message per device per tick carrying all its
// signals. Timestamps are the tick's scheduled time, so labels and readings share one clock.
import type { DeviceTick } from './fleet-model';

export interface TelemetryMessage {
  /** Device id: the MQTT topic level and the Kafka record key. */
  device: string;
  payload: string;
  readings: number;
}

export function encodeTick(tick: DeviceTick, origin: number, batch: boolean): TelemetryMessage[] {
  if (tick.readings.length === 0) return [];
  const deviceId = tick.device;
  const timestamp = new Date(origin + tick.time).toISOString();
  if (batch) {
    const readings = tick.readings.map((r) => ({ sensorType: r.signal, value: r.value, unit: r.unit }));
    return [
      { device: deviceId, payload: JSON.stringify({ deviceId, timestamp, readings }), readings: readings.length },
    ];
  }
  return tick.readings.map((r) => ({
    device: deviceId,
    payload: JSON.stringify({ deviceId, timestamp, sensorType: r.signal, value: r.value, unit: r.unit, status: 'ok' }),
    readings: 1,
  }));
}
