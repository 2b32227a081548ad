// The annotations.* requests and stream. Placeholder while expert review is being built
// (issue 13): every call answers UNAVAILABLE until the annotation service replaces this.
import { EngineError } from '../../../shared/errors';
import type { RequestHandlers, StreamHandlers } from '../../../shared/rpc/server';

const notYet = (): never => {
  throw new EngineError('UNAVAILABLE', 'expert review is not built yet');
};

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

export function annotationRequestHandlers(): Pick<RequestHandlers, AnnotationRequest> {
  return {
    'annotations.list': notYet,
    'annotations.get': notYet,
    'annotations.create': notYet,
    'annotations.update': notYet,
    'annotations.delete': notYet,
    'annotations.restore': notYet,
    'annotations.causes': notYet,
    'annotations.setCauses': notYet,
    'annotations.queue': notYet,
    'annotations.export': notYet,
    'annotations.import': notYet,
    'annotations.setCorrections': notYet,
    'annotations.corrected': notYet,
  };
}

export function annotationStreamHandlers(): Pick<StreamHandlers, 'annotations.changes'> {
  return { 'annotations.changes': notYet };
}
