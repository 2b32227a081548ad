// Nothing in a data directory is deleted to make room: files that must give way (to a restored
// backup, to a new state file) move into a dated folder beside them, from which an operator
// can move them back.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Moves those of `files` that exist into `<dir>/<label>-<time>/`; returns the folder and the
 * names moved, or undefined when none existed.
 */
export function moveAside(
  dir: string,
  files: readonly string[],
  label: string,
  now = new Date(),
): { folder: string; moved: string[] } | undefined {
  const moved = files.filter((f) => existsSync(join(dir, f)));
  if (moved.length === 0) return undefined;
  // ISO time without colons: a folder name on every OS.
  const folder = join(dir, `${label}-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(folder, { recursive: true });
  for (const f of moved) renameSync(join(dir, f), join(folder, f));
  return { folder, moved };
}
