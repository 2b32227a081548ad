// The station's part of the shell ↔ engine host protocol (engine-host-protocol.ts). The updater
// lives in the shell (UpdateService); the engine that answers `station.*` lives in the engine
// host. So:
// - host → shell `station-call`: one StationPort call (station-proxy.ts), answered by the shell's
//   `station-answer` with the same id; errors travel as ErrorPayload, codes and details intact
//   (INVALID_STATE with details.blockedBy, BAD_REQUEST with details.issues).
// - shell → host `station-status`: every change of the updater's status, pushed (station.changes).
// - shell → host `station-question` (blockingAlarms): answered by the host's `station-reply`,
//   from the engine it runs or from the central engine it is attached to.
// - shell → host `station-audit`: one update event for the audit trail (no answer).
// Each side validates what the other sends, as input from another process.
import { z } from 'zod';
import { Role } from '../../../shared/contract/auth';
import { BlockingAlarm, StationReport, StationSettingsChange, StationStatus } from '../../../shared/contract/station';
import { ErrorPayload } from '../../../shared/errors';
import type { StationAuditEvent } from '../updates/update-service-options';

const Actor = z.object({ user: z.string().max(200), role: Role.nullable() }).strict();

export const StationCall = z.discriminatedUnion('op', [
  z.object({ op: z.literal('status') }),
  z.object({ op: z.literal('check') }),
  z.object({ op: z.literal('settings'), change: StationSettingsChange, by: Actor }),
  z.object({ op: z.literal('install'), when: z.enum(['now', 'window']), by: Actor }),
  z.object({ op: z.literal('cancelInstall'), by: Actor }),
  z.object({ op: z.literal('importBundle'), path: z.string().max(4096), by: Actor }),
]);
export type StationCall = z.infer<typeof StationCall>;

const failed = z.object({ ok: z.literal(false), error: ErrorPayload });

export const StationAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: StationStatus }),
  failed,
]);
export type StationAnswer = z.infer<typeof StationAnswer>;

export const BlockingAlarmsAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.array(BlockingAlarm) }),
  failed,
]);
export type BlockingAlarmsAnswer = z.infer<typeof BlockingAlarmsAnswer>;

export const StationAuditEventSchema = StationReport.extend({
  actor: z.string().max(200),
}) satisfies z.ZodType<StationAuditEvent>;

/** Shell → engine host. */
export const StationToHost = [
  z.object({ type: z.literal('station-answer'), id: z.number().int(), answer: StationAnswer }),
  z.object({ type: z.literal('station-status'), status: StationStatus }),
  z.object({ type: z.literal('station-question'), id: z.number().int(), question: z.literal('blockingAlarms') }),
  z.object({ type: z.literal('station-audit'), event: StationAuditEventSchema }),
] as const;

/** Engine host → shell. */
export const StationFromHost = [
  z.object({ type: z.literal('station-call'), id: z.number().int(), call: StationCall }),
  z.object({ type: z.literal('station-reply'), id: z.number().int(), answer: BlockingAlarmsAnswer }),
] as const;
