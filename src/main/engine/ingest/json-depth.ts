// How deeply a JSON text nests, found before it is parsed: a count of its brackets, then, when
// there are many, one pass over its characters. No telemetry payload nests more than a few
// levels, while a hostile one of 20 KB can nest 10,000 deep: such a document parses, but
// anything recursive that touches it afterwards (JSON.stringify, structured clone, a logger)
// overflows the stack. It is refused whole instead.

/** More than any reading shape needs (an array of devices, each with readings, is 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** Whether `text` has at most `limit` opening brackets in all, found by the native indexOf. */
function opensAtMost(text: string, limit: number): boolean {
  let n = 0;
  for (const c of ['{', '[']) {
    for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) if (++n > limit) return false;
  }
  return true;
}

/** True when arrays and objects in `text` nest deeper than `limit` (strings are skipped). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  // A reading nests a level or two: with no more opening brackets in all than the limit (those
  // inside strings counted too) it cannot nest deeper, and no loop runs over every character.
  if (opensAtMost(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
