// Dead letters in the contract: what the pipeline refused (with the reason and the raw bytes),
// a page at a time, and the operator's two ways out of the store — run a payload through its
// source's decoder again, or discard it.
import { z } from 'zod';
import { DeadLetter } from '../domain';

export const deadLetterRequests = {
  /** Newest first, a page at a time: `before` is the `next` cursor of the page before. */
  'deadLetters.list': {
    params: z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        source: z.string().optional(),
        before: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.object({
      total: z.number().int(),
      bySource: z.record(z.string(), z.number().int()),
      items: z.array(DeadLetter),
      /** Cursor of the next (older) page; null on the last. */
      next: z.number().int().nullable(),
      /** Letters (of this filter) newer than the first item: the page's position. */
      newer: z.number().int(),
      /** What the table's limits removed, oldest first, so that it is never silent. */
      dropped: z.object({ count: z.number().int(), lastAt: z.number().nullable() }),
    }),
  },
  /** Runs stored payloads through their source's decoder again. */
  'deadLetters.requeue': {
    params: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    result: z.array(z.object({ id: z.number().int(), ok: z.boolean(), reason: z.string().nullable() })),
  },
  'deadLetters.discard': {
    params: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    result: z.object({ discarded: z.number().int() }),
  },
} as const;
