// One CSV field as every file Watchfloor writes quotes it (RFC 4180): quoted when it holds a comma,
// a quote, a line break, or space at either end. Files meant for a spreadsheet (chart downloads,
// the audit trail) also defuse text a spreadsheet would run as a formula (= + - @ at the start) with
// a leading '; files meant to be read back as written (label exports) keep the text as it is.
export function csvField(text: string, { formulas = 'defuse' }: { formulas?: 'defuse' | 'keep' } = {}): string {
  const safe = formulas === 'defuse' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
