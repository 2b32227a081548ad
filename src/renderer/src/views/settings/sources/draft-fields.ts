// Shared pieces of the Settings → Sources form state: field errors by path (as the engine and
// the schemas report them, e.g. "source.topics.0.template") and how typed text becomes values.
import type { z } from 'zod';
import { issuesToFieldErrors, type FieldErrors } from '../../../../../shared/bad-request';

export type { FieldErrors };

export function zodErrors(prefix: string, error: z.ZodError): FieldErrors {
  return issuesToFieldErrors(
    error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message })),
    '(root)',
  );
}

export const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** A number field: empty is undefined, anything else must parse (else NaN, which the schema refuses). */
export const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

export type Converted<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
