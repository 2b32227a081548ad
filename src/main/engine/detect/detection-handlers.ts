// The contract's detection requests: rules (list, effective, save, delete, audit) and the
// anomalies of a series. Parameters arrive validated by the contract; saves are validated
// again against the registry by the rule store. Changes are audited as the call's caller.
import type { EffectiveRules } from '../../../shared/contract/detection';
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
      const finite = (v: number) => (Number.isFinite(v) ? v : null);
      const compiled = signal ? book.compile(p.device, signal) : undefined;
      const offline = book.offline(p.device);
      const rules: EffectiveRules['rules'] = {
        ...(compiled && {
          limits: {
            ...compiled.limits,
            lo: finite(compiled.limits.lo),
            hi: finite(compiled.limits.hi),
            loLo: finite(compiled.limits.loLo),
            hiHi: finite(compiled.limits.hiHi),
          },
          rate: { ...compiled.rate, maxPerSecond: finite(compiled.rate.maxPerSecond) },
          flatline: compiled.flatline,
          quality: compiled.quality,
        }),
        offline: { ...offline, timeoutMs: finite(offline.timeoutMs) },
      };
      return { rules, from: { ...compiled?.from, offline: offline.from } };
    },
    'rules.save': (p, { caller }) => deps.detection.rules.save(p, caller.id, deps.clock()),
    'rules.delete': (p, { caller }) => ({
      deleted: deps.detection.rules.delete(p.device, p.signal, caller.id, deps.clock()),
    }),
    'rules.audit': (p) => deps.detection.rules.audit(p),
    'anomalies.list': (p) => deps.history.anomalies(p),
  };
}
