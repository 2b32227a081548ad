// The annotations.* requests and stream, on the annotation service. Who labels, changes or
// imports is the call's caller (its call context), never a parameter.
import { EngineError } from '../../../shared/errors';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';
import type { AnnotationService } from './annotation-service';

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

// Built next (issue 13): the review queue, export and import.
const notYet = (): never => {
  throw new EngineError('UNAVAILABLE', 'not built yet');
};

export function annotationRequestHandlers(annotations: AnnotationService): Pick<RequestHandlers, AnnotationRequest> {
  return {
    'annotations.list': (p) => annotations.list(p),
    'annotations.get': (p) => annotations.get(p.id),
    'annotations.create': (p, { caller }) => annotations.create(p, caller.id),
    'annotations.update': (p, { caller }) => annotations.update(p, caller.id),
    'annotations.delete': (p, { caller }) => annotations.remove(p.id, p.revision, caller.id),
    'annotations.restore': (p, { caller }) => annotations.restore(p.id, p.revision, caller.id),
    'annotations.causes': () => ({ causes: annotations.causes() }),
    'annotations.setCauses': (p) => ({ causes: annotations.setCauses(p.causes) }),
    'annotations.queue': notYet,
    'annotations.export': notYet,
    'annotations.import': notYet,
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
