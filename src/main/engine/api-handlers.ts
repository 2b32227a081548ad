// The contract's request and stream handlers, implemented on the engine's services.
// Parameters arrive already validated by the contract server.
import type { ContractHandlers } from '../../shared/rpc/server';
import type { Engine } from './engine';

const HEALTH_INTERVAL_MS = 2000;

export function createHandlers(engine: Engine): ContractHandlers {
  return {
    requests: {
      'engine.health': () => engine.health(),
      'devices.list': () => engine.registry.list(),
      'live.snapshot': () => engine.live.snapshot(),
      'history.query': (p) => engine.history.query(p.series, p.from, p.to, p.maxPoints),
      'alarms.list': (p) => engine.alarmStore.list(p.states, p.limit),
      'alarms.acknowledge': (p) => engine.alarms.acknowledge(p.id, p.by, p.comment, engine.clock()),
      'deadLetters.list': (p) => ({ total: engine.deadLetters.count, items: engine.deadLetters.list(p.limit) }),
    },
    streams: {
      'live.readings': (p, emit) => engine.live.subscribe(p.devices, (readings) => emit({ readings })),
      'alarms.changes': (_p, emit) => engine.alarms.onChange((alarm) => emit({ alarm })),
      'engine.health': (_p, emit) => {
        emit(engine.health());
        const timer = setInterval(() => emit(engine.health()), HEALTH_INTERVAL_MS);
        return () => clearInterval(timer);
      },
    },
  };
}
