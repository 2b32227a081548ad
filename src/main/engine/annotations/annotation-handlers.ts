// The annotations.* requests and stream, on the annotation service. Who labels, changes or
// imports is the call's caller (its call context), never a parameter.
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { EngineServices } from '../engine-services';
import type { AnnotationService } from './annotation-service';
import { exportLabels, importLabels } from './annotation-transfer';
import { reviewQueue } from './review-queue';

export type AnnotationHandlerDeps = Pick<EngineServices, 'annotations' | 'alarmStore' | 'history' | 'clock'>;

type AnnotationRequest =
  | 'annotations.list'
  | 'annotations.get'
  | 'annotations.create'
  | 'annotations.update'
  | 'annotations.delete'
  | 'annotations.restore'
  | 'annotations.causes'
  | 'annotations.setCauses'
  | 'annotations.queue'
  | 'annotations.export'
  | 'annotations.import'
  | 'annotations.setCorrections'
  | 'annotations.corrected';

export function annotationRequestHandlers(deps: AnnotationHandlerDeps): Pick<RequestHandlers, AnnotationRequest> {
  const { annotations, clock } = deps;
  return {
    'annotations.list': (p) => annotations.list(p),
    'annotations.get': (p) => annotations.get(p.id),
    'annotations.create': (p, { caller }) => annotations.create(p, caller.id),
    'annotations.update': (p, { caller }) => annotations.update(p, caller.id),
    'annotations.delete': (p, { caller }) => annotations.remove(p.id, p.revision, caller.id),
    'annotations.restore': (p, { caller }) => annotations.restore(p.id, p.revision, caller.id),
    'annotations.causes': () => ({ causes: annotations.causes() }),
    'annotations.setCauses': (p) => ({ causes: annotations.setCauses(p.causes) }),
    'annotations.queue': (p) => reviewQueue(deps, p),
    'annotations.export': (p) => exportLabels(annotations, p),
    'annotations.import': (p, { caller }) => importLabels(annotations, p.format, p.content, caller.id, clock()),
    'annotations.setCorrections': (p, { caller }) => annotations.setCorrections(p.id, p.revision, p.values, caller.id),
    'annotations.corrected': (p) => annotations.corrected(p.series, p.from, p.to),
  };
}

export function annotationStreamHandlers(annotations: AnnotationService): Pick<StreamHandlers, 'annotations.changes'> {
  return {
    'annotations.changes': (p, emit) =>
      annotations.onEvent((e) => {
        if (!p.deviceId || e.annotation.deviceId === p.deviceId) emit(e);
      }),
  };
}
