// The contract's detection requests: rules (list, effective, save, delete, audit) and the
// anomalies of a series. Parameters arrive validated by the contract; saves are validated
// again against the registry by the rule store. Changes are audited as the call's caller.
import type { RequestHandlers } from '../../../shared/rpc/server';
import type { HistoryStore } from '../history/history-store';
import type { Detection } from './engine-detection';
import type { DeviceRegistry } from '../state/device-registry';

type DetectionRequests = Pick<
  RequestHandlers,
  'rules.list' | 'rules.effective' | 'rules.save' | 'rules.delete' | 'rules.audit' | 'anomalies.list'
>;

export interface DetectionHandlerDeps {
  detection: Detection;
  history: HistoryStore;
  registry: DeviceRegistry;
  clock: () => number;
}

export function detectionRequestHandlers(deps: DetectionHandlerDeps): DetectionRequests {
  return {
    'rules.list': () => deps.detection.rules.list(),
    'rules.effective': (p) => {
      const book = deps.detection.rules.book;
      const signal = deps.registry.signal(p.device, p.signal);
      const rules: Record<string, unknown> = {};
      const from: Record<string, string> = {};
      if (signal) {
        const compiled = book.compile(p.device, signal);
        const finite = (v: number) => (Number.isFinite(v) ? v : null);
        rules.limits = {
          ...compiled.limits,
          lo: finite(compiled.limits.lo),
          hi: finite(compiled.limits.hi),
          loLo: finite(compiled.limits.loLo),
          hiHi: finite(compiled.limits.hiHi),
        };
        rules.rate = { ...compiled.rate, maxPerSecond: finite(compiled.rate.maxPerSecond) };
        rules.flatline = compiled.flatline;
        rules.quality = compiled.quality;
        Object.assign(from, compiled.from);
      }
      const offline = book.offline(p.device);
      rules.offline = { ...offline, timeoutMs: Number.isFinite(offline.timeoutMs) ? offline.timeoutMs : null };
      from.offline = offline.from;
      return { rules, from };
    },
    'rules.save': (p, { caller }) => deps.detection.rules.save(p, caller.id, deps.clock()),
    'rules.delete': (p, { caller }) => ({
      deleted: deps.detection.rules.delete(p.device, p.signal, caller.id, deps.clock()),
    }),
    'rules.audit': (p) => deps.detection.rules.audit(p),
    'anomalies.list': (p) => deps.history.anomalies(p),
  };
}
