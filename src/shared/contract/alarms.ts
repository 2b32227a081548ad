// Alarm management in the contract: the operator's queue with its filters, one alarm with its
// journal, the operator's actions (acknowledge, shelve, resolve, out of service), closed alarms,
// flood status and EEMUA 191 KPIs, and the streams that keep a queue and a flood banner live.
import { z } from 'zod';
import { Alarm, AlarmJournalEntry, AlarmKind, AlarmState, Priority } from '../domain';
import { ErrorCode } from '../errors';

const NoParams = z.object({}).strict();
const Id = z.number().int().min(1);
const OptionalComment = z.string().trim().max(2000).optional();
const RequiredComment = z.string().trim().min(1, 'a comment is required').max(2000);
const Names = z.array(z.string().min(1).max(200)).min(1).max(1000).optional();

/** Longest shelve an operator may set (a shelved alarm must come back on its own). */
export const MAX_SHELVE_MS = 7 * 24 * 3600 * 1000;

export const AlarmListParams = z
  .object({
    /** Defaults to every state but normal: the operator's queue. */
    states: z.array(AlarmState).min(1).optional(),
    priorities: z.array(Priority).min(1).optional(),
    devices: Names,
    /** Area names as shown ('default' for devices without one). */
    areas: Names,
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();

export const AlarmHistoryParams = z
  .object({
    /** Closed at or after / at or before (epoch ms). */
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    priorities: z.array(Priority).min(1).optional(),
    devices: Names,
    areas: Names,
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict()
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
    message: '"from" must not be after "to"',
  });

export const AlarmWithJournal = z.object({ alarm: Alarm, journal: z.array(AlarmJournalEntry) });
export type AlarmWithJournal = z.infer<typeof AlarmWithJournal>;

export const FloodStatus = z.object({
  area: z.string(),
  active: z.boolean(),
  /** When the current flood began, or null. */
  since: z.number().nullable(),
  /** New alarms in the sliding window now. */
  newInWindow: z.number().int(),
  windowMs: z.number().int(),
  threshold: z.number().int(),
});
export type FloodStatus = z.infer<typeof FloodStatus>;

export const AlarmKpiParams = z
  .object({
    /** Period (epoch ms); defaults to the last 24 hours. */
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    area: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, {
    message: '"from" must be before "to"',
  });

const KpiAlarm = z.object({
  key: z.string(),
  deviceId: z.string(),
  signal: z.string(),
  kind: AlarmKind,
  area: z.string(),
  count: z.number().int(),
});

export const AlarmKpis = z.object({
  /** The period asked for. */
  from: z.number(),
  to: z.number(),
  /**
   * Since when the engine has been watching: its start, or this data folder's first alarm if
   * earlier (alarm-kpis.ts). Rates are over [max(from, observedSince), to] (observedSpan in
   * shared/alarm-rate-bands.ts), never over time nobody watched.
   */
  observedSince: z.number(),
  /** observedSince is this engine's start (else the data folder's first alarm event). */
  sinceStart: z.boolean(),
  /** EEMUA 191 reference rates, per operator area. */
  areas: z.array(
    z.object({
      area: z.string(),
      alarms: z.number().int(),
      /** Average new alarms per 10 minutes over the time observed. */
      averagePer10Min: z.number(),
      /** Most new alarms in any 10-minute window of the period. */
      peakPer10Min: z.number().int(),
      /** Share of the time observed spent in flood, 0–100. */
      floodPercent: z.number(),
    }),
  ),
  /** New alarms per 10-minute bucket, for the rate chart. */
  buckets: z.array(z.object({ start: z.number(), area: z.string(), count: z.number().int() })),
  /** The ten alarms (by key) that occurred most often. */
  top: z.array(KpiAlarm),
  chattering: z.array(KpiAlarm),
  /** Alarms whose condition has been active for more than 24 hours. */
  standing: z.array(KpiAlarm.extend({ id: z.number().int(), activeSince: z.number() })),
});
export type AlarmKpis = z.infer<typeof AlarmKpis>;

const ActionResult = z.object({
  id: z.number().int(),
  ok: z.boolean(),
  alarm: Alarm.nullable(),
  /** Why it failed (INVALID_STATE, NOT_FOUND…); null when it worked. */
  code: ErrorCode.nullable(),
  message: z.string().nullable(),
});

/** What happened to an alarm, as the alarm service announces it (alarms.changes, notifications). */
export const AlarmEventType = z.enum([
  /** A new alarm (after its on-delay). */
  'raised',
  /** An open alarm's condition became active again (counted on it). */
  'reactivated',
  /** Its priority went up: a worse limit was crossed, or it stayed unacknowledged too long. */
  'escalated',
  /** Still unacknowledged after another escalation interval, already at the highest priority. */
  'reminder',
  /** Its condition cleared (after its off-delay). */
  'returned',
  'acknowledged',
  /** Closed by an operator, with a comment. */
  'resolved',
  'shelved',
  /** Back from shelving (by an operator, or because the shelve expired). */
  'unshelved',
  /** Suppressed by design (its device's offline alarm stands) or back from that. */
  'suppressed',
  'unsuppressed',
  'out_of_service',
  'in_service',
  /** It changed state more often than the chattering limit allows. */
  'chattering',
]);
export type AlarmEventType = z.infer<typeof AlarmEventType>;

// The operator's actions take no name for who acted: the engine records the caller of the call
// (its call context; `local` until users exist), whatever the client would like to claim.
export const alarmRequests = {
  'alarms.list': { params: AlarmListParams, result: z.array(Alarm) },
  'alarms.get': { params: z.object({ id: Id }).strict(), result: AlarmWithJournal },
  'alarms.acknowledge': {
    params: z.object({ id: Id, comment: OptionalComment }).strict(),
    result: Alarm,
  },
  /** Acknowledges several alarms; each succeeds or fails on its own. */
  'alarms.acknowledgeMany': {
    params: z.object({ ids: z.array(Id).min(1).max(1000), comment: OptionalComment }).strict(),
    result: z.array(ActionResult),
  },
  /** Takes an alarm out of annunciation until a time (at most MAX_SHELVE_MS ahead), with a reason. */
  'alarms.shelve': {
    params: z
      .object({
        id: Id,
        until: z.number().int().min(0),
        reason: z.string().trim().min(1, 'a reason is required').max(2000),
      })
      .strict(),
    result: Alarm,
  },
  'alarms.unshelve': { params: z.object({ id: Id, comment: OptionalComment }).strict(), result: Alarm },
  /** Closes an alarm for good, whatever its condition; the comment says why. */
  'alarms.resolve': { params: z.object({ id: Id, comment: RequiredComment }).strict(), result: Alarm },
  'alarms.removeFromService': {
    params: z.object({ id: Id, comment: RequiredComment }).strict(),
    result: Alarm,
  },
  'alarms.returnToService': {
    params: z.object({ id: Id, comment: OptionalComment }).strict(),
    result: Alarm,
  },
  /** Closed alarms, most recently closed first. */
  'alarms.history': { params: AlarmHistoryParams, result: z.array(Alarm) },
  /** Flood state of every area that has had alarms. */
  'alarms.flood': { params: NoParams, result: z.array(FloodStatus) },
  'alarms.kpis': { params: AlarmKpiParams, result: AlarmKpis },
} as const;

export const alarmStreams = {
  /** Every change to an alarm, with what happened to it. */
  'alarms.changes': {
    params: NoParams,
    event: z.object({ alarm: Alarm, event: AlarmEventType.optional() }),
    resumable: true,
  },
  /** An area entering or leaving flood. */
  'alarms.flood': { params: NoParams, event: FloodStatus, resumable: true },
} as const;
