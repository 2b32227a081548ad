// Messages between the shell (parent) and the engine's utility process, validated on both
// sides: each side treats the other's messages as input from another process.
//
// The configuration travels in the first message rather than on the command line, so that
// broker credentials never show up in a process listing and size is not an issue; so does the
// data key that seals stored secrets (the shell keeps it under safeStorage). A desktop attached
// to a central engine sends `start-remote` instead: the process then runs no engine, only the
// links from each window to that engine (remote/remote-engine-host.ts), and the shell's sign-in
// calls go through it as `remote-call`s, so the session secret never leaves this process. The
// station's updater (in the shell) and the engine's `station.*` (in the host) talk through the
// `station-*` messages of station/station-messages.ts, in both modes.
import { z } from 'zod';
import { ErrorPayload } from '../../shared/errors';
import { RemoteCall } from './remote/remote-call';
import { StationFromHost, StationToHost } from './station/station-messages';

export const ToEngineHost = z.discriminatedUnion('type', [
  /** First message: the resolved configuration (re-validated by the host) and the app version. */
  z.object({
    type: z.literal('start'),
    config: z.unknown(),
    version: z.string(),
    /** --new-state: replace a missing or damaged state.db instead of refusing to start. */
    newState: z.boolean().optional(),
    /** The 32-byte data key (hex) that seals secrets in state.db; absent: the engine's key file. */
    secretsKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  /** First message of a desktop attached to a central engine: no engine runs here. */
  z.object({
    type: z.literal('start-remote'),
    url: z.string().max(2000),
    /** The approved certificate's SHA-256 fingerprint; null only for plain http on loopback. */
    fingerprint: z.string().max(200).nullable(),
    version: z.string(),
  }),
  /** A sign-in call for the central engine; answered by `remote-answer` with the same id. */
  z.object({ type: z.literal('remote-call'), id: z.number().int(), request: RemoteCall }),
  /** Carries a MessagePortMain in the event's ports[0]; one per renderer connection. */
  z.object({ type: z.literal('connect') }),
  /** Stop the engine cleanly and exit. */
  z.object({ type: z.literal('stop') }),
  ...StationToHost,
]);
export type ToEngineHost = z.infer<typeof ToEngineHost>;

export const FromEngineHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({ type: z.literal('stopped') }),
  z.object({
    type: z.literal('remote-answer'),
    id: z.number().int(),
    answer: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), data: z.unknown() }),
      z.object({ ok: z.literal(false), error: ErrorPayload }),
    ]),
  }),
  /** The central engine signed this desktop out (4401): every window shows the sign-in screen. */
  z.object({ type: z.literal('remote-signed-out') }),
  /** What keeps the links from connecting (null: connected again); shown in Settings → Engine. */
  z.object({
    type: z.literal('remote-problem'),
    message: z.string().nullable(),
    certificateChanged: z.boolean(),
  }),
  ...StationFromHost,
]);
export type FromEngineHost = z.infer<typeof FromEngineHost>;
