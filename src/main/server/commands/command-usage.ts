// What a usage error prints: the mistake, then only that command's usage lines and paragraph from
// the help text — not all ~150 lines of it, which push the one line that says what was wrong off
// the screen — and where the rest is. An unknown command gets the whole help.
const SYNOPSIS = /^ {2}watchfloor (\S+)/;
const PARAGRAPH = /^(\S+)\s{2,}\S/;

/** The synopsis lines and the paragraph of `name` in `usage` (the help text), or null if it has none. */
export function commandUsage(usage: string, name: string): string | null {
  const lines = usage.split('\n');
  const synopsis: string[] = [];
  const paragraph: string[] = [];
  let into: string[] | null = null;
  for (const line of lines) {
    const command = SYNOPSIS.exec(line)?.[1] ?? PARAGRAPH.exec(line)?.[1];
    if (command !== undefined) into = command === name ? (SYNOPSIS.test(line) ? synopsis : paragraph) : null;
    else if (!/^\s+\S/.test(line)) into = null; // a blank line or a heading ends a block
    into?.push(line);
  }
  if (synopsis.length === 0) return null;
  return ['Usage:', ...synopsis, ...(paragraph.length ? ['', ...paragraph] : [])].join('\n');
}

/** The text after `watchfloor: <message>` for a usage error of command `name`. */
export function usageErrorHelp(usage: string, name: string | undefined): string {
  const own = name ? commandUsage(usage, name) : null;
  return own ? `${own}\n\nRun "watchfloor help" for every command and option.` : usage;
}
