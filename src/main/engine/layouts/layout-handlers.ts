// The layouts.* requests on the layout store. The store keeps nothing in memory (each call reads
// its workstation's row), so it needs no lifecycle and is built here from the state database.
// Who saved a layout is the call's caller, never a parameter.
import type { RequestHandlers } from '../../../shared/rpc/server';
import type { EngineServices } from '../engine-services';
import { LayoutStore } from './layout-store';

type LayoutRequest = 'layouts.list' | 'layouts.get' | 'layouts.save' | 'layouts.delete' | 'layouts.activate';

export function layoutRequestHandlers(
  services: Pick<EngineServices, 'stateDb' | 'clock' | 'log'>,
): Pick<RequestHandlers, LayoutRequest> {
  const store = new LayoutStore({ db: services.stateDb, clock: services.clock, log: services.log });
  return {
    'layouts.list': (p) => store.list(p.workstation),
    'layouts.get': (p) => store.get(p.workstation, p.name),
    'layouts.save': (p, { caller }) =>
      store.save(p.workstation, p.layout, caller.id, { previousName: p.previousName, activate: p.activate }),
    'layouts.delete': (p) => store.remove(p.workstation, p.name),
    'layouts.activate': (p) => store.activate(p.workstation, p.name),
  };
}
