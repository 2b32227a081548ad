// The wire protocol every transport carries: a handful of message shapes, nothing about the
// domain. A transport only has to move these objects in order, in both directions.
import { z } from 'zod';
import { ErrorPayload } from '../errors';

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.number().int(), method: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int(), stream: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int() }),
  /** The client no longer wants the answer to request `id`: its handler's signal aborts, no answer follows. */
  z.object({ t: z.literal('cancel'), id: z.number().int() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), data: z.unknown() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: ErrorPayload }),
  z.object({ t: z.literal('evt'), id: z.number().int(), event: z.unknown() }),
  /** The server ended a subscription (refused at start, or the stream failed). */
  z.object({ t: z.literal('end'), id: z.number().int(), error: ErrorPayload.optional() }),
]);
export type ServerMessage =
  | { t: 'res'; id: number; ok: true; data: unknown }
  | { t: 'res'; id: number; ok: false; error: ErrorPayload }
  | { t: 'evt'; id: number; event: unknown }
  | { t: 'end'; id: number; error?: ErrorPayload };

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
