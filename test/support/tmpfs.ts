// A small tmpfs to fill up, for the tests of a full data disk. Mounting needs root (CI runs as
// root); tmpfsRefusal says why not, so those tests skip with the reason.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { makeTempDir } from './temp-dir';

/** Undefined when this process may mount a tmpfs; otherwise why not. */
export function tmpfsRefusal(): string | undefined {
  if (process.platform !== 'linux') return 'tmpfs needs Linux';
  const probe = makeTempDir('watchfloor-tmpfs-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe.path], { stdio: 'pipe' });
    execFileSync('umount', [probe.path], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `cannot mount a tmpfs here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); run as root`;
  } finally {
    probe.remove();
  }
}

export interface Tmpfs {
  path: string;
  /** Unmounts (lazily: a store still open cannot hold it up). */
  unmount(): void;
}

export function mountTmpfs(path: string, size: string): Tmpfs {
  mkdirSync(path, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path]);
  return { path, unmount: () => execFileSync('umount', ['-l', path]) };
}

/** Writes `bytes` of zeros into `file`, or (by default) until the file system is full. */
export function fillDisk(file: string, bytes = Infinity): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(256 * 1024);
  let written = 0;
  try {
    while (written < bytes) written += writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // The last partial block too.
    for (let size = block.length / 2; size >= 512; size /= 2) {
      try {
        for (;;) writeSync(fd, block, 0, size);
      } catch {
        // next smaller size
      }
    }
  } finally {
    closeSync(fd);
  }
}
