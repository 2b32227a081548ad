// Lists the files under the knowledge folders: recursively, hidden files and editors' lock files
// left out, symbolic links followed once (a link back up the tree is not walked twice). A file
// under two configured folders (one inside the other) belongs to the first.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** The configured folder (absolute) it was found under. */
  folder: string;
  size: number;
  mtimeMs: number;
}

export interface FolderProblem {
  folder: string;
  reason: string;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Folders that could not be listed at all (missing, not a folder, no permission). */
  problems: FolderProblem[];
}

function ignored(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name.endsWith('~');
}

export async function scanFolders(folders: readonly string[]): Promise<ScanResult> {
  const files = new Map<string, ScannedFile>();
  const problems: FolderProblem[] = [];
  const visited = new Set<string>();

  const walk = async (dir: string, folder: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (ignored(entry.name)) continue;
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        isDir = !!target?.isDirectory();
        isFile = !!target?.isFile();
      }
      if (isDir) await walk(path, folder);
      else if (isFile && !files.has(path)) {
        const s = await stat(path).catch(() => undefined);
        if (s) files.set(path, { path, folder, size: s.size, mtimeMs: s.mtimeMs });
      }
    }
  };

  for (const f of folders) {
    const folder = resolve(f);
    const s = await stat(folder).catch((err: NodeJS.ErrnoException) => err);
    if (s instanceof Error) {
      problems.push({
        folder,
        reason: s.code === 'ENOENT' ? 'folder does not exist' : `cannot be read (${s.code ?? s.message})`,
      });
    } else if (!s.isDirectory()) {
      problems.push({ folder, reason: `not a folder (${basename(folder)} is a file)` });
    } else {
      await walk(folder, folder);
    }
  }
  return { files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)), problems };
}
