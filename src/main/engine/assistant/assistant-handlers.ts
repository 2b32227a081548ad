// The assistant's requests and streams, on the assistant service. Parameters arrive validated;
// the caller (who gave feedback) and the client (which folders it may add) come from the call
// context, never from parameters.
import type { ContractHandlers } from '../../../shared/rpc/server';
import type { AssistantService } from './assistant-service';

type Requests = ContractHandlers['requests'];
type Streams = ContractHandlers['streams'];
type AssistantRequests = Pick<Requests, Extract<keyof Requests, `assistant.${string}`>>;
type AssistantStreams = Pick<Streams, Extract<keyof Streams, `assistant.${string}`>>;

export function assistantRequestHandlers(assistant: AssistantService): AssistantRequests {
  return {
    'assistant.settings.get': () => assistant.settingsView(),
    'assistant.settings.set': (p, { client }) => assistant.saveSettings(p, client),
    'assistant.settings.reset': () => assistant.resetSettings(),
    'assistant.status': () => assistant.status(),
    'assistant.documents': () => assistant.documents(),
    'assistant.reindex': () => assistant.reindex(),
    'assistant.search': (p) => assistant.search(p.query, p.k),
    'assistant.open': (p) => assistant.open(p),
    'assistant.report': (p) => assistant.report(p.alarmId),
    'assistant.regenerate': (p) => assistant.regenerate(p.alarmId),
    'assistant.feedback': (p, { caller }) => assistant.feedback(p.alarmId, p.useful, p.comment, caller.id),
  };
}

export function assistantStreamHandlers(assistant: AssistantService): AssistantStreams {
  return {
    'assistant.ask': (p, emit) => {
      const controller = new AbortController();
      void assistant.ask(p, emit, controller.signal);
      return () => controller.abort();
    },
    'assistant.reports': (_p, emit) => assistant.onReport(emit),
    'assistant.status': (_p, emit) => {
      let open = true;
      void assistant.status().then((s) => {
        if (open) emit(s);
      });
      const off = assistant.onStatus(emit);
      return () => {
        open = false;
        off();
      };
    },
  };
}
