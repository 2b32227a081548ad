// The one contract between the engine and every client. Each request is declared once as
// `{ params, result }` and each stream as `{ params, event }`, in the module of its group
// (devices.ts, alarms.ts, history.ts, annotations.ts…); these maps put the groups together.
// Transports and handlers are typed from them, the engine validates parameters against them, and
// Node clients validate results with them. The renderer does not import these maps: its client
// takes result schemas from result-resolver.ts, which loads a group's module when the group is
// first called (docs/developer-guide.md: Bundle budget).
import type { z } from 'zod';
import { alarmRequests, alarmStreams } from './alarms';
import { annotationRequests, annotationStreams } from './annotations';
import { assistantRequests, assistantStreams } from './assistant';
import { authRequests, authStreams } from './auth';
import { deadLetterRequests } from './dead-letters';
import { detectionRequests, detectionStreams } from './detection';
import { deviceRequests, deviceStreams } from './devices';
import { historyRequests, historyStreams } from './history';
import { importRequests } from './import';
import { metricsRequests } from './metrics';
import { modelsRequests, modelsStreams } from './models';
import { notificationsRequests, notificationsStreams } from './notifications';
import { sourcesRequests } from './sources';
import { usersRequests } from './users';
import { stationRequests, stationStreams } from './station';
import { trendGroupRequests } from './trend-groups';

export * from './detection';
export * from './alarms';
export * from './history';
export * from './import';
export * from './metrics';
export * from './sources';
export * from './notifications';
export * from './models';
export * from './assistant';
export * from './annotations';
export * from './devices';
export * from './dead-letters';
export * from './auth';
export * from './users';
export * from './station';
export * from './trend-groups';

export const requests = {
  ...authRequests,
  ...usersRequests,
  ...stationRequests,
  ...sourcesRequests,
  ...modelsRequests,
  ...detectionRequests,
  ...notificationsRequests,
  ...assistantRequests,
  ...annotationRequests,
  ...deviceRequests,
  ...historyRequests,
  ...importRequests,
  ...metricsRequests,
  ...alarmRequests,
  ...deadLetterRequests,
  ...trendGroupRequests,
} as const;

export const streams = {
  ...authStreams,
  ...stationStreams,
  ...modelsStreams,
  ...detectionStreams,
  ...notificationsStreams,
  ...assistantStreams,
  ...annotationStreams,
  ...deviceStreams,
  ...alarmStreams,
  ...historyStreams,
} as const;

export type Requests = typeof requests;
export type Streams = typeof streams;
export type RequestName = keyof Requests;
export type StreamName = keyof Streams;

/** What a caller passes (defaults may be omitted). */
export type ParamsIn<K extends RequestName> = z.input<Requests[K]['params']>;
/** What a handler receives (defaults applied). */
export type Params<K extends RequestName> = z.output<Requests[K]['params']>;
export type ResultOf<K extends RequestName> = z.output<Requests[K]['result']>;
export type StreamParamsIn<K extends StreamName> = z.input<Streams[K]['params']>;
export type StreamParams<K extends StreamName> = z.output<Streams[K]['params']>;
export type EventOf<K extends StreamName> = z.output<Streams[K]['event']>;

/**
 * Where a client finds the schema that checks a method's answer: at once, or once the module of
 * the method's group has been fetched (result-resolver.ts). Either way it is `requests[K].result`.
 */
export type ResultSchemas = <K extends RequestName>(
  method: K,
) => Requests[K]['result'] | Promise<Requests[K]['result']>;

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.prototype.hasOwnProperty.call(streams, name);
}
