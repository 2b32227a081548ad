// What GET/POST/DELETE /api/session answer (inside the REST envelope): whether the engine wants
// its access token from this browser, and whether this browser has signed in. Shared by the
// server and the control room's token screen.
import { z } from 'zod';

export const SessionState = z.object({
  /** The engine asks clients for its access token (it is reachable from the network, or one is set). */
  tokenRequired: z.boolean(),
  /** This client may use the engine: it signed in, or no token is required. */
  authenticated: z.boolean(),
});
export type SessionState = z.infer<typeof SessionState>;
