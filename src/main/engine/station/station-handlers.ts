// `station.*` in the contract: each call goes to the StationPort (station-port.ts). Who may call
// which is the permission table's business and is decided before these run; the audit trail
// records the writes. `station.report` does nothing but be recorded: the audit entry of the call
// is the station's report.
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { CallContext } from '../../../shared/rpc/call-context';
import type { StationActor, StationPort } from './station-port';

type StationRequests = Pick<
  RequestHandlers,
  | 'station.status'
  | 'station.check'
  | 'station.settings'
  | 'station.install'
  | 'station.cancelInstall'
  | 'station.importBundle'
  | 'station.report'
>;

const actor = ({ caller }: CallContext): StationActor => ({ user: caller.id, role: caller.role });

export function stationRequestHandlers(station: StationPort): StationRequests {
  return {
    'station.status': () => station.status(),
    'station.check': () => station.check(),
    'station.settings': (p, context) => station.settings(p, actor(context)),
    'station.install': (p, context) => station.install(p.when, actor(context)),
    'station.cancelInstall': (_p, context) => station.cancelInstall(actor(context)),
    'station.importBundle': (p, context) => station.importBundle(p.path, actor(context)),
    'station.report': () => ({ recorded: true as const }),
  };
}

export function stationStreamHandlers(station: StationPort): Pick<StreamHandlers, 'station.changes'> {
  return {
    'station.changes': (_p, emit) => {
      let open = true;
      const unsubscribe = station.subscribe((status) => {
        if (open) emit(status);
      });
      // A status that cannot be read now (the desktop's updater is across a process boundary, and
      // may be stopping) is not the stream's end: the next change still comes.
      void station.status().then(
        (status) => {
          if (open) emit(status);
        },
        () => {},
      );
      return () => {
        open = false;
        unsubscribe();
      };
    },
  };
}
