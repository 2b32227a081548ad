// Which files a client may name. File import, lake import, backups and lake exports take paths
// on the engine's machine; a browser or a remote desktop may read only the upload folder
// (<data>/imports) and folders an administrator listed in `files.importDirs`, and write only
// under <data>/exports and `files.exportDirs`. Paths are judged after resolving symlinks (of
// the nearest existing parent, for a folder still to be made), and `..` is refused outright,
// because the OS resolves it after symlinks and a textual clean-up would judge another path.
// Trusted callers (the desktop app, in-process, the local command line) act as the engine's own
// user and name any path, as they could on their own.
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { EngineError } from '../../../shared/errors';
import type { ClientInfo } from '../../../shared/rpc/call-context';

export interface ClientFolderRules {
  dataDir: string;
  /** Extra folders clients may import from (files.importDirs). */
  importDirs: readonly string[];
  /** Extra folders clients may write backups and lakes into (files.exportDirs). */
  exportDirs: readonly string[];
}

type Access = 'read' | 'write';

function hasParentSegment(path: string): boolean {
  return path.split(/[\\/]+/).includes('..');
}

/** The real path of `path`, or of its nearest existing parent with the rest appended. */
export async function realPathOfNearest(path: string): Promise<string> {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest.push(basename(current));
      current = parent;
    }
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export class ClientFolders {
  constructor(private readonly rules: ClientFolderRules) {}

  /** The folders a client may read from or write to, as configured (not yet resolved). */
  roots(access: Access): string[] {
    const { dataDir, importDirs, exportDirs } = this.rules;
    return access === 'read'
      ? [join(dataDir, 'imports'), ...importDirs.map((d) => resolve(d))]
      : [join(dataDir, 'exports'), ...exportDirs.map((d) => resolve(d))];
  }

  /** The path to read, resolved; FORBIDDEN when the client may not read there. */
  readable(path: string, client: ClientInfo, what: string): Promise<string> {
    return this.check(path, client, what, 'read');
  }

  /** The path to write, resolved; FORBIDDEN when the client may not write there. */
  writable(path: string, client: ClientInfo, what: string): Promise<string> {
    return this.check(path, client, what, 'write');
  }

  private async check(path: string, client: ClientInfo, what: string, access: Access): Promise<string> {
    if (client.trusted) return path;
    const roots = this.roots(access);
    const setting = access === 'read' ? 'files.importDirs' : 'files.exportDirs';
    const details = { path, allowedRoots: roots, setting };
    if (hasParentSegment(path)) {
      throw new EngineError('FORBIDDEN', `${what}: paths with ".." are not accepted; name the file directly`, details);
    }
    const real = await realPathOfNearest(path);
    for (const root of roots) {
      if (isInside(real, await realPathOfNearest(root))) return real;
    }
    const [own, ...extra] = roots;
    const folder = access === 'read' ? `the upload folder ${own}` : `the exports folder ${own}`;
    const where =
      extra.length > 0
        ? `inside ${folder} or ${setting} (${extra.join(', ')}); ${JSON.stringify(path)} is outside them`
        : `inside ${folder}; ${JSON.stringify(path)} is outside it (an administrator can allow more folders in ${setting})`;
    throw new EngineError('FORBIDDEN', `${what} ${access === 'read' ? 'reads' : 'writes'} only ${where}`, details);
  }
}
