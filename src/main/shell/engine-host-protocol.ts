// Messages between the shell (parent) and the engine's utility process, validated on both
// sides: each side treats the other's messages as input from another process.
//
// The configuration travels in the first message rather than on the command line, so that
// broker credentials never show up in a process listing and size is not an issue.
import { z } from 'zod';

export const ToEngineHost = z.discriminatedUnion('type', [
  /** First message: the resolved configuration (re-validated by the host) and the app version. */
  z.object({
    type: z.literal('start'),
    config: z.unknown(),
    version: z.string(),
    /** --new-state: replace a missing or damaged state.db instead of refusing to start. */
    newState: z.boolean().optional(),
  }),
  /** Carries a MessagePortMain in the event's ports[0]; one per renderer connection. */
  z.object({ type: z.literal('connect') }),
  /** Stop the engine cleanly and exit. */
  z.object({ type: z.literal('stop') }),
]);
export type ToEngineHost = z.infer<typeof ToEngineHost>;

export const FromEngineHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({ type: z.literal('stopped') }),
]);
export type FromEngineHost = z.infer<typeof FromEngineHost>;
