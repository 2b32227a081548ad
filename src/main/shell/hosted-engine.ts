// The station's engine as the engine host runs it (engine-host-runner.ts: HostedEngine): the
// Engine itself, plus the two questions the station's updater asks of it through the shell —
// which alarms hold an install back (the rule is shared/blocking-alarms.ts; the store is asked
// directly, in process, as the engine's own caller) and where an update event is recorded (the
// engine's audit trail, as an event that is not a call: client `station`, the release as target).
// `update.settings` is not recorded again here: the `station.settings` call that made the change is
// already in this trail, with the settings before and after (a desktop attached to a central
// engine has no such call there, so its report is the record).
import type { Engine } from '../engine/engine';
import { BLOCKING_ALARM_QUERY, blockingAlarmsOf } from '../../shared/blocking-alarms';
import type { HostedEngine } from './engine-host-runner';

export function hostedEngine(engine: Engine): HostedEngine {
  return {
    start: () => engine.start(),
    stop: () => engine.stop(),
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
