// Saved analytics views ("trend groups"): a name and the Analytics view's URL state, kept by the
// engine so every workstation attached to it sees the same list — an engineer saves "Line 1
// temperatures" once and the control room's wall browser opens it by name. The state is the
// same text as `#analytics/<state>` (renderer views/analytics/analytics-state.ts), opaque here:
// the engine keeps it and never interprets it, so a newer renderer can add fields freely.
import { z } from 'zod';

export const SavedViewName = z
  .string()
  .trim()
  .min(1, 'a saved view needs a name')
  .max(80, 'at most 80 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), 'no control characters');

export const SavedView = z.object({
  name: z.string(),
  /** The Analytics view's encoded state, as in `#analytics/<state>`. */
  query: z.string(),
  savedAt: z.number(),
  /** Who saved it last (the caller's identity, never a name the client sends). */
  savedBy: z.string(),
});
export type SavedView = z.infer<typeof SavedView>;

/** At most this many saved views per engine: the list is one settings row, read whole. */
export const MAX_SAVED_VIEWS = 200;

export const trendGroupRequests = {
  /** Every saved view, by name. */
  'trendGroups.list': { params: z.object({}).strict(), result: z.array(SavedView) },
  /** Saves (or replaces, by name) a view. */
  'trendGroups.save': {
    params: z.object({ name: SavedViewName, query: z.string().min(1).max(4000) }).strict(),
    result: SavedView,
  },
  /** Deletes a saved view; `deleted: false` when there was none of that name. */
  'trendGroups.delete': {
    params: z.object({ name: z.string().min(1).max(80) }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
} as const;
