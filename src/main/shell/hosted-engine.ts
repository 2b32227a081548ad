// The station's engine as the engine host runs it (engine-host-runner.ts: HostedEngine): the
// Engine itself, plus the two questions the station's updater asks of it through the shell —
// which alarms hold an install back (the rule is shared/blocking-alarms.ts; the store is asked
// directly, in process, as the engine's own caller) and where an update event is recorded (the
// engine's audit trail, as an event that is not a call: client `station`, the release as target).
// `update.settings` is not recorded again here: the `station.settings` call that made the change is
// already in this trail, with the settings before and after (a desktop attached to a central
// engine has no such call there, so its report is the record).
// With server.metrics.desktop set, it also serves GET /metrics on that address once the engine
// runs (server/metrics-listener.ts); a listener that cannot start is logged, never fatal.
import type { Engine } from '../engine/engine';
import { BLOCKING_ALARM_QUERY, blockingAlarmsOf } from '../../shared/blocking-alarms';
import { ensureLocalKey } from '../server/access/secret-files';
import { startMetricsListener, type MetricsListener } from '../server/metrics-listener';
import type { HostedEngine } from './engine-host-runner';

async function listenForMetrics(engine: Engine, log: (message: string) => void): Promise<MetricsListener | undefined> {
  const { config } = engine.services;
  const desktop = config.server.metrics.desktop;
  if (!desktop) return undefined;
  try {
    const listener = await startMetricsListener({
      ...desktop,
      handlers: engine.handlers(),
      access: engine.access,
      server: config.server,
      localKey: ensureLocalKey(config.dataDir),
      log,
    });
    log(`metrics for Prometheus on ${listener.url}`);
    return listener;
  } catch (err) {
    log(`server.metrics.desktop: not serving /metrics on ${desktop.host}:${desktop.port}: ${(err as Error).message}`);
    return undefined;
  }
}

export function hostedEngine(engine: Engine, log: (message: string) => void = () => {}): HostedEngine {
  let metrics: MetricsListener | undefined;
  return {
    start: async () => {
      await engine.start();
      metrics = await listenForMetrics(engine, log);
    },
    stop: async () => {
      await metrics?.close();
      metrics = undefined;
      await engine.stop();
    },
    handlers: () => engine.handlers(),
    blockingAlarms: () => Promise.resolve(blockingAlarmsOf(engine.services.alarmStore.list(BLOCKING_ALARM_QUERY))),
    audit: ({ actor, action, version, outcome, stationVersion, message }) => {
      if (action === 'update.settings') return;
      engine.services.audit.event({
        actor,
        role: null,
        client: 'station',
        action,
        target: version,
        outcome,
        details: { stationVersion, message },
      });
    },
  };
}
