// The contract's alarm requests and streams, on the engine's AlarmService and AlarmStore. Who
// acknowledged, shelved or resolved is the call's caller (its call context), never a parameter.
import { MAX_SHELVE_MS } from '../../../shared/contract/alarms';
import { EngineError } from '../../../shared/errors';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import { alarmKpis } from './alarm-kpis';
import type { AlarmService } from './alarm-service';
import type { AlarmStore } from './alarm-store';

type AlarmRequests = Pick<
  RequestHandlers,
  | 'alarms.list'
  | 'alarms.get'
  | 'alarms.acknowledge'
  | 'alarms.acknowledgeMany'
  | 'alarms.shelve'
  | 'alarms.unshelve'
  | 'alarms.resolve'
  | 'alarms.removeFromService'
  | 'alarms.returnToService'
  | 'alarms.history'
  | 'alarms.flood'
  | 'alarms.kpis'
>;

export interface AlarmHandlerDeps {
  alarms: AlarmService;
  store: AlarmStore;
  clock: () => number;
  /** When this engine started (the KPIs' observation begins no later). */
  startedAt?: () => number;
}

export function alarmRequestHandlers({ alarms, store, clock, startedAt }: AlarmHandlerDeps): AlarmRequests {
  return {
    'alarms.list': (p) => store.list(p),
    'alarms.get': (p) => {
      const alarm = alarms.openAlarm(p.id) ?? store.get(p.id);
      if (!alarm) throw new EngineError('NOT_FOUND', `no alarm with id ${p.id}`);
      return { alarm, journal: store.journal(p.id) };
    },
    'alarms.acknowledge': (p, { caller }) => alarms.acknowledge(p.id, caller.id, p.comment, clock()),
    'alarms.acknowledgeMany': (p, { caller }) => alarms.acknowledgeMany(p.ids, caller.id, p.comment, clock()),
    'alarms.shelve': (p, { caller }) => {
      const now = clock();
      if (p.until - now > MAX_SHELVE_MS) {
        throw new EngineError('BAD_REQUEST', `an alarm can be shelved for at most ${MAX_SHELVE_MS / 3600_000} h`, {
          parameter: 'until',
        });
      }
      return alarms.shelve(p.id, caller.id, p.reason, p.until, now);
    },
    'alarms.unshelve': (p, { caller }) => alarms.unshelve(p.id, caller.id, p.comment, clock()),
    'alarms.resolve': (p, { caller }) => alarms.resolve(p.id, caller.id, p.comment, clock()),
    'alarms.removeFromService': (p, { caller }) => alarms.removeFromService(p.id, caller.id, p.comment, clock()),
    'alarms.returnToService': (p, { caller }) => alarms.returnToService(p.id, caller.id, p.comment, clock()),
    'alarms.history': (p) => store.history(p),
    'alarms.flood': () => alarms.floodStatus(),
    'alarms.kpis': (p) => {
      const now = clock();
      return alarmKpis(store, store.open(), p, now, startedAt?.() ?? now);
    },
  };
}

export function alarmStreamHandlers(alarms: AlarmService): Pick<StreamHandlers, 'alarms.changes' | 'alarms.flood'> {
  return {
    'alarms.changes': (_p, emit) => alarms.onEvent((e) => emit({ alarm: e.alarm, event: e.type })),
    'alarms.flood': (_p, emit) => alarms.onFlood(emit),
  };
}
