// The assistant's requests and streams. Wired to the assistant service in the next step; until
// then every call says the assistant is not available.
import { EngineError } from '../../../shared/errors';
import type { ContractHandlers } from '../../../shared/rpc/server';

type AssistantRequests = Pick<ContractHandlers['requests'], `assistant.${string}` & keyof ContractHandlers['requests']>;
type AssistantStreams = Pick<ContractHandlers['streams'], `assistant.${string}` & keyof ContractHandlers['streams']>;

const unavailable = (): never => {
  throw new EngineError('UNAVAILABLE', 'the assistant is not wired into this engine yet');
};

export function assistantRequestHandlers(): AssistantRequests {
  return {
    'assistant.settings.get': unavailable,
    'assistant.settings.set': unavailable,
    'assistant.settings.reset': unavailable,
    'assistant.status': unavailable,
    'assistant.documents': unavailable,
    'assistant.reindex': unavailable,
    'assistant.search': unavailable,
    'assistant.open': unavailable,
    'assistant.report': unavailable,
    'assistant.regenerate': unavailable,
    'assistant.feedback': unavailable,
  };
}

export function assistantStreamHandlers(): AssistantStreams {
  return {
    'assistant.ask': unavailable,
    'assistant.reports': unavailable,
    'assistant.status': unavailable,
  };
}
