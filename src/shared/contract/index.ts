// The one contract between the engine and every client. Each request is declared once as
// `{ params, result }` and each stream as `{ params, event }`; transports and handlers are
// typed from these maps and parameters are validated against them where they enter the engine.
import { z } from 'zod';
import { Alarm, AlarmState, DeadLetter, Device, Health, Reading } from '../domain';

const NoParams = z.object({}).strict();

/** Columnar points: cheap to send, and what charts consume. */
export const SeriesPoints = z.object({
  series: z.string(),
  tier: z.enum(['raw']),
  ts: z.array(z.number()),
  value: z.array(z.number()),
});
export type SeriesPoints = z.infer<typeof SeriesPoints>;

const SeriesId = z.string().regex(/^[^/]+\/.+$/, 'a series is "device/signal"');

export const requests = {
  'engine.health': { params: NoParams, result: Health },
  'devices.list': { params: NoParams, result: z.array(Device) },
  'live.snapshot': {
    params: NoParams,
    result: z.array(Reading),
  },
  'history.query': {
    params: z
      .object({
        series: z.array(SeriesId).min(1).max(64),
        from: z.number(),
        to: z.number(),
        maxPoints: z.number().int().min(2).max(10_000).default(1000),
      })
      .strict()
      .refine((p) => p.from <= p.to, { message: '"from" must not be after "to"' }),
    result: z.array(SeriesPoints),
  },
  'alarms.list': {
    params: z
      .object({
        /** Defaults to every state but normal: the operator's queue. */
        states: z.array(AlarmState).min(1).optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    result: z.array(Alarm),
  },
  'alarms.acknowledge': {
    params: z
      .object({
        id: z.number().int(),
        comment: z.string().trim().max(2000).optional(),
        by: z.string().trim().min(1).max(100).default('operator'),
      })
      .strict(),
    result: Alarm,
  },
  'deadLetters.list': {
    params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.object({ total: z.number().int(), items: z.array(DeadLetter) }),
  },
} as const;

export const streams = {
  /** Live readings, coalesced to at most ~10 updates per second per series. */
  'live.readings': {
    params: z.object({ devices: z.array(z.string()).max(10_000).optional() }).strict(),
    event: z.object({ readings: z.array(Reading) }),
  },
  'alarms.changes': {
    params: NoParams,
    event: z.object({ alarm: Alarm }),
  },
  'engine.health': {
    params: NoParams,
    event: Health,
  },
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

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.prototype.hasOwnProperty.call(streams, name);
}
