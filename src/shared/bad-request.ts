// What a BAD_REQUEST carries and how a form reads it. Whoever refuses parameters (the contract's
// schemas in rpc/server.ts, the rule store, source and notification settings) puts the reasons
// in `details.issues`, one per problem, each with the dotted path of the field it is about
// ("source.topics.0.template"; '' for a rule across fields). Every form that marks fields, and
// the REST layer that rewords the first one, read them here and nowhere else.
import { z } from 'zod';
import { EngineError } from './errors';

export const BadRequestIssue = z.object({ path: z.string(), message: z.string() });
export type BadRequestIssue = z.infer<typeof BadRequestIssue>;

/** `details` of a BAD_REQUEST; other keys (REST adds `parameter`) may ride along. */
export const BadRequestDetails = z.looseObject({ issues: z.array(BadRequestIssue) });
export type BadRequestDetails = z.infer<typeof BadRequestDetails>;

/** Field path → the first message about it. */
export type FieldErrors = Record<string, string>;

/** The reasons of a BAD_REQUEST, in order; [] for any other error or one without reasons. */
export function badRequestIssues(err: unknown): BadRequestIssue[] {
  if (!(err instanceof EngineError) || err.code !== 'BAD_REQUEST') return [];
  const parsed = BadRequestDetails.safeParse(err.details);
  return parsed.success ? parsed.data.issues : [];
}

/** One message per field (the first); an issue without a path is filed under `root`. */
export function issuesToFieldErrors(issues: readonly BadRequestIssue[], root: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[i.path || root] ??= i.message;
  return errors;
}

/** The fields a refused request names, for a form to mark; {} for any other error. */
export function fieldErrorsOf(err: unknown, root: string): FieldErrors {
  return issuesToFieldErrors(badRequestIssues(err), root);
}
