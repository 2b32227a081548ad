// A fleet with a device in every status a Wall tile can show, on the built `watchfloor serve`
// fed over its embedded MQTT broker: normal, past its high limit, returned but unacknowledged,
// heading for its limit (the trend predictor's prediction), never heard from, and shelved while
// past its limit. Used by the status end-to-end test and the screenshot script.
import mqtt from 'mqtt';
import type { AlarmState } from '../../src/shared/domain';
import { startSharedEngine, waitForAlarm, type SharedEngine } from './control-rooms';

/** Which `press-NN` (pressure, normal 10–50, high limit 55 psi) is in which status. */
export const FLEET = {
  normal: 'press-01',
  high: 'press-02',
  returned: 'press-03',
  predicted: 'press-04',
  silent: 'press-05',
  shelved: 'press-06',
} as const;

export interface StatusFleet {
  shared: SharedEngine;
  /** The alarm id behind each device that has one. */
  alarms: { high: number; returned: number; shelved: number; predicted: number };
  close(): Promise<number | null>;
}

async function waitForState(shared: SharedEngine, id: number, state: AlarmState): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await shared.engine.request('alarms.get', { id })).alarm.state !== state) {
    if (Date.now() > until) throw new Error(`alarm ${id} did not reach ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startStatusFleet(dataRoot: string): Promise<StatusFleet> {
  const shared = await startSharedEngine(dataRoot, 6, []);
  const health = (await (await fetch(`${shared.serve.url}/api/health`)).json()) as { broker: { url: string } };
  const wire = await mqtt.connectAsync(health.broker.url);
  const at = (deviceId: string, value: number, timestamp: number) =>
    wire.publishAsync(
      `watchfloor/devices/${deviceId}/telemetry`,
      JSON.stringify({ deviceId, timestamp, sensorType: 'pressure', value }),
      { qos: 1 },
    );
  const now = (deviceId: string, value: number) => at(deviceId, value, Date.now());

  for (const d of [FLEET.normal, FLEET.high, FLEET.returned, FLEET.shelved]) await now(d, 30);
  await now(FLEET.high, 60);
  const high = await waitForAlarm(shared.engine, FLEET.high);
  await now(FLEET.returned, 61);
  const returned = await waitForAlarm(shared.engine, FLEET.returned);
  await now(FLEET.returned, 30);
  await waitForState(shared, returned, 'unack_rtn');
  await now(FLEET.shelved, 62);
  const shelved = await waitForAlarm(shared.engine, FLEET.shelved);
  await shared.engine.request('alarms.shelve', { id: shelved, until: Date.now() + 3_600_000, reason: 'status test' });
  // Mid-band and climbing 1 psi a second for 16 s: the predictor expects 55 psi within a minute.
  const start = Date.now() - 16_000;
  for (let i = 0; i <= 16; i++) await at(FLEET.predicted, 30 + i, start + i * 1000);
  const predicted = await waitForAlarm(shared.engine, FLEET.predicted);
  await wire.endAsync();
  return {
    shared,
    alarms: { high, returned, shelved, predicted },
    async close() {
      await shared.close();
      return shared.serve.stop();
    },
  };
}
