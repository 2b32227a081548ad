// A fresh data directory per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeTempDir(prefix = 'watchfloor-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Several fresh directories for one test; `removeAll` (in afterEach) removes every one made. */
export function tempDirs(prefix = 'watchfloor-'): { make(): string; removeAll(): void } {
  const made: { remove(): void }[] = [];
  return {
    make() {
      const dir = makeTempDir(prefix);
      made.push(dir);
      return dir.path;
    },
    removeAll: () => made.splice(0).forEach((d) => d.remove()),
  };
}
