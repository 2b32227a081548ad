// The contract's models.* requests, on the engine's ModelService.
import type { RequestHandlers } from '../../../../shared/rpc/server';
import type { ModelService } from './model-service';

type ModelRequests = Pick<
  RequestHandlers,
  'models.list' | 'models.train' | 'models.activate' | 'models.retire' | 'models.rollback' | 'models.compare'
>;

export function modelRequestHandlers(models: ModelService): ModelRequests {
  return {
    'models.list': (p) => models.list(p.deviceId),
    'models.train': (p) => models.train(p),
    'models.activate': (p) => models.activate(p.id),
    'models.retire': (p) => models.retire(p.id),
    'models.rollback': (p) => models.rollback(p.deviceId),
    'models.compare': (p) => models.compare(p),
  };
}
