// The secret `serve` keeps in the data directory, readable by the engine's user only (mode 0600;
// on Windows the folder's ACL protects it): local-access.key, a random key that proves a
// command-line tool runs as the engine's user on its machine (it can read this file); such a
// caller is trusted with any path, like the desktop app, and acts as `local`. (Users, sessions and
// API tokens live in state.db: src/main/engine/access.)
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCAL_KEY_FILE = 'local-access.key';

/** Writes the whole file or nothing, readable by this user only. */
function writePrivate(file: string, text: string): void {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text, { mode: 0o600 });
  chmodSync(part, 0o600);
  renameSync(part, file);
}

/** The data directory's local key, made on first use; its mode is reset to 0600 every time. */
export function ensureLocalKey(dataDir: string): Buffer {
  const file = join(dataDir, LOCAL_KEY_FILE);
  const existing = readLocalKey(dataDir);
  if (existing) {
    chmodSync(file, 0o600);
    return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  writePrivate(file, `${randomBytes(32).toString('hex')}\n`);
  return readLocalKey(dataDir)!;
}

/** The local key, or undefined when it is missing or this user cannot read it. */
export function readLocalKey(dataDir: string): Buffer | undefined {
  try {
    const hex = readFileSync(join(dataDir, LOCAL_KEY_FILE), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
  } catch {
    return undefined;
  }
}
