// The data directory as the engine names it: one real, absolute path whatever spelling the
// file, environment or command line used (relative, with a trailing slash, through a symlink).
// Everything keyed on the directory — the running engine a command looks for, the path in
// health — then agrees on which directory is meant. Resolved once, at configuration time.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * The real path of `spelling`. A tail that does not exist yet (a first start creates it) is
 * kept as written below the real path of the part that does.
 */
export function realDataDir(spelling: string): string {
  const absolute = resolve(spelling);
  const missing: string[] = [];
  let head = absolute;
  for (;;) {
    try {
      return join(realpathSync.native(head), ...missing.reverse());
    } catch (err) {
      const parent = dirname(head);
      // Anything but "not there yet" (no permission, a file in the way) is reported when the
      // engine opens the directory, with its own message; the path stays as written.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === head) return absolute;
      missing.push(basename(head));
      head = parent;
    }
  }
}

/**
 * How Watchfloor before the station-id file spelled the directory when it named its MQTT
 * client: as given, made absolute. Kept so an upgraded installation keeps its broker session.
 */
export function dataDirAsGiven(spelling: string): string {
  return isAbsolute(spelling) ? spelling : resolve(spelling);
}

/**
 * The line `serve` prints under its URL and the desktop app logs at start (issue 17): where
 * everything lives, and how to start afresh — a new operator's first question after a demo.
 */
export function dataDirNotice(dataDir: string): string {
  return `Data: ${dataDir} (delete it, or run with --data <empty dir>, to start afresh)`;
}
