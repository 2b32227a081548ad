// Refusals at the door go to the engine's log so an administrator sees who knocked ("refused a
// WebSocket from http://evil.example: …"), but at most one line per kind and client a minute,
// with a count of the rest: a hostile page in a loop must not flood the log.
const QUIET_MS = 60_000;
const MAX_KEYS = 1000;

export function createRefusalLog(log: (message: string) => void, clock: () => number = Date.now) {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (key: string, message: string): void => {
    const now = clock();
    const entry = seen.get(key);
    if (entry && now - entry.at < QUIET_MS) {
      entry.suppressed++;
      return;
    }
    if (seen.size >= MAX_KEYS) seen.clear();
    const more = entry?.suppressed ? ` (and ${entry.suppressed} more like it in the last minute)` : '';
    seen.set(key, { at: now, suppressed: 0 });
    log(`${message}${more}`);
  };
}
