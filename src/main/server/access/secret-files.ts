// The two secrets `serve` keeps in the data directory, both readable by the engine's user only
// (mode 0600; on Windows the folder's ACL protects them):
// - access-token.json: the SHA-256 of the access token that remote clients present. The token
//   itself is printed once by `watchfloor token create` and never stored.
// - local-access.key: a random key that proves a command-line tool runs as the engine's user on
//   its machine (it can read this file); such a caller is trusted with any path, like the
//   desktop app. It also signs the browser's session cookie.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCESS_TOKEN_FILE = 'access-token.json';
export const LOCAL_KEY_FILE = 'local-access.key';

export interface StoredAccessToken {
  /** SHA-256 of the token, hex. */
  sha256: string;
  createdAt: string;
}

/** Writes the whole file or nothing, readable by this user only. */
function writePrivate(file: string, text: string): void {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text, { mode: 0o600 });
  chmodSync(part, 0o600);
  renameSync(part, file);
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A new access token: 32 random bytes, URL-safe, with a prefix that says what it is. */
export function createAccessToken(dataDir: string, now: number): string {
  mkdirSync(dataDir, { recursive: true });
  const token = `wf_${randomBytes(32).toString('base64url')}`;
  const stored: StoredAccessToken = {
    sha256: tokenDigest(token).toString('hex'),
    createdAt: new Date(now).toISOString(),
  };
  writePrivate(join(dataDir, ACCESS_TOKEN_FILE), `${JSON.stringify(stored, null, 2)}\n`);
  return token;
}

/** Removes the access token; true when there was one. */
export function revokeAccessToken(dataDir: string): boolean {
  const file = join(dataDir, ACCESS_TOKEN_FILE);
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}

/** The stored token's digest, undefined when none is set; a damaged file is an error, not "no token". */
export function readAccessToken(dataDir: string): StoredAccessToken | undefined {
  const file = join(dataDir, ACCESS_TOKEN_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<StoredAccessToken>;
  if (typeof parsed.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.sha256)) {
    throw new Error(`${file} holds no token digest; run \`watchfloor token create\` again`);
  }
  return { sha256: parsed.sha256, createdAt: String(parsed.createdAt ?? '') };
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

/**
 * Reads the stored token again only when the file changed (checked at most once a second), so
 * `watchfloor token create` on a running engine takes effect without a restart.
 */
export class AccessTokenFile {
  private cached: StoredAccessToken | undefined;
  private stamp = '';
  private checkedAt = -Infinity;

  constructor(
    private readonly dataDir: string,
    private readonly clock: () => number = Date.now,
  ) {}

  current(): StoredAccessToken | undefined {
    const now = this.clock();
    if (now - this.checkedAt < 1000) return this.cached;
    this.checkedAt = now;
    let stamp = 'none';
    try {
      const s = statSync(join(this.dataDir, ACCESS_TOKEN_FILE));
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      // no file: no token
    }
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      try {
        this.cached = stamp === 'none' ? undefined : readAccessToken(this.dataDir);
      } catch {
        // A damaged file is treated as "a token is required and none matches": fail closed.
        this.cached = { sha256: '0'.repeat(64), createdAt: '' };
      }
    }
    return this.cached;
  }
}
