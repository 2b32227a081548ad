// The site's list of causes while it is being edited: one cause a line, and what is wrong with
// the draft said before the engine is asked (the engine checks the same: at least one, each at
// most 80 characters, each only once ignoring case). Blank lines are dropped, not errors: they
// are how a list is laid out while typing.
export const MAX_CAUSE_LENGTH = 80;
export const MAX_CAUSES = 200;

export interface CausesCheck {
  causes: string[];
  /** One sentence per problem, with the line it is on. */
  errors: string[];
}

export function checkCauses(draft: string): CausesCheck {
  const causes: string[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  draft.split('\n').forEach((raw, i) => {
    const cause = raw.trim();
    if (!cause) return;
    const line = i + 1;
    if (cause.length > MAX_CAUSE_LENGTH)
      errors.push(`Line ${line}: longer than ${MAX_CAUSE_LENGTH} characters (${cause.length}).`);
    const first = seen.get(cause.toLowerCase());
    if (first !== undefined) errors.push(`Line ${line}: "${cause}" is already on line ${first}.`);
    else seen.set(cause.toLowerCase(), line);
    causes.push(cause);
  });
  if (causes.length === 0) errors.push('The list is empty: keep at least one cause.');
  if (causes.length > MAX_CAUSES) errors.push(`At most ${MAX_CAUSES} causes (${causes.length}).`);
  return { causes, errors };
}

export const causesText = (causes: readonly string[]): string => causes.join('\n');
