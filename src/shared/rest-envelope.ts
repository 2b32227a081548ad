// The REST envelope as a client reads it: `{ success: true, data, meta }` or
// `{ success: false, error }` (written by src/main/server/rest/envelope.ts; docs/rest-api.md).
// The control room reads two REST answers (the session and a file upload) through it.
import { z } from 'zod';
import { ErrorPayload } from './errors';

export const RestFailure = z.object({ success: z.literal(false), error: ErrorPayload });

/** The envelope around `data`. */
export function restAnswer<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('success', [
    z.object({ success: z.literal(true), data, meta: z.record(z.string(), z.unknown()).optional() }),
    RestFailure,
  ]);
}
