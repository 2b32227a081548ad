// The wire protocol every transport carries: a handful of message shapes, nothing about the
// domain. A transport only has to move these objects in order, in both directions.
//
// Resuming (docs/developer-guide.md: Resume after a dropped connection): every event carries a
// sequence number. A resumable stream's numbers are the engine's own for that stream (one log,
// an epoch per engine start), announced at each subscription by `at`; a client that lost its
// connection subscribes again `after` the last place it saw and gets what it missed, in order,
// then the live events — or `reset` when that place is gone. Other streams number their events
// per subscription. `hb` comes every ~2 s on every channel, so that silence means a lost link.
import { z } from 'zod';
import { ErrorPayload } from '../errors';

/** A place in a resumable stream: the engine's start (epoch) and the last event's number. */
export const StreamPosition = z.object({ epoch: z.string().min(1).max(64), seq: z.number().int().min(0) }).strict();
export type StreamPosition = z.infer<typeof StreamPosition>;

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int(), method: z.string(), params: z.unknown() }),
  z.object({
    t: z.literal('sub'),
    id: z.number().int(),
    stream: z.string(),
    params: z.unknown(),
    /** Resume: the events after this place, then live (a resumable stream; otherwise ignored). */
    after: StreamPosition.optional(),
  }),
  z.object({ t: z.literal('unsub'), id: z.number().int() }),
  /** The client no longer wants the answer to request `id`: its handler's signal aborts, no answer follows. */
  z.object({ t: z.literal('cancel'), id: z.number().int() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), data: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: ErrorPayload }),
  z.object({ t: z.literal('evt'), id: z.number().int(), seq: z.number().int(), event: z.unknown() }),
  /** The server ended a subscription (refused at start, or the stream failed). */
  z.object({ t: z.literal('end'), id: z.number().int(), error: ErrorPayload.optional() }),
  /** A resumable subscription's place: the events that follow come after it. */
  z.object({ t: z.literal('at'), id: z.number().int(), epoch: z.string(), seq: z.number().int() }),
  /** The place asked to resume from is gone (older than the window, or another engine start): reload a snapshot. */
  z.object({ t: z.literal('reset'), id: z.number().int() }),
  /** The engine is there: sent every ~2 s on every channel. */
  z.object({ t: z.literal('hb') }),
]);
export type ServerMessage =
  | { t: 'res'; id: number; ok: true; data: unknown }
  | { t: 'res'; id: number; ok: false; error: ErrorPayload }
  | { t: 'evt'; id: number; seq: number; event: unknown }
  | { t: 'end'; id: number; error?: ErrorPayload }
  | { t: 'at'; id: number; epoch: string; seq: number }
  | { t: 'reset'; id: number }
  | { t: 'hb' };

export type ChannelStatus = 'open' | 'closed';

/**
 * One end of a bidirectional, ordered message pipe. `In` is what arrives, `Out` what is sent.
 * Implementations: in-memory pairs (tests, in-process), WebSocket, MessagePort.
 */
export interface Channel<In, Out> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
  /** Reports connection changes; a channel that reconnects reports 'open' again. */
  onStatus(listener: (status: ChannelStatus) => void): () => void;
  readonly status: ChannelStatus;
  close(): void;
}

export type ClientChannel = Channel<ServerMessage, ClientMessage>;
export type ServerChannel = Channel<ClientMessage, ServerMessage>;
