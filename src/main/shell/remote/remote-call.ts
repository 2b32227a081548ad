// The sign-in calls the shell makes of a desktop's central engine, through the engine host (the
// session secret stays there): the session status, sign in with a password, sign out.
import { z } from 'zod';

export const RemoteCall = z.discriminatedUnion('call', [
  z.object({ call: z.literal('status') }),
  z.object({ call: z.literal('signIn'), user: z.string().max(200), password: z.string().max(1024) }),
  z.object({ call: z.literal('signOut') }),
]);
export type RemoteCall = z.infer<typeof RemoteCall>;
