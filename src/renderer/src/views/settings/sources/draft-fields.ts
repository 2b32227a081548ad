// Shared pieces of the Settings → Sources form state: field errors by path (as the engine and
// the schemas report them, e.g. "source.topics.0.template") and how typed text becomes values.
import type { z } from 'zod';

/** Field path → message. */
export type FieldErrors = Record<string, string>;

export function issuesToErrors(issues: readonly { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) out[i.path || '(root)'] ??= i.message;
  return out;
}

export function zodErrors(prefix: string, error: z.ZodError): FieldErrors {
  return issuesToErrors(
    error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message })),
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
