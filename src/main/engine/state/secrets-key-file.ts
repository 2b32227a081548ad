// `<dataDir>/secrets.key`: the data key that seals stored secrets when no platform key store
// hands one in — `watchfloor serve`, the command line, and a desktop without a keyring (Linux
// without Secret Service: safeStorage would only obfuscate). 32 random bytes as hex, made on first
// use, mode 0600 (reset to 0600 on every start): readable by the engine's service user only, which
// is the protection — whoever can read it can read state.db anyway, but a copy of state.db alone
// (a backup, a support bundle, a stolen disk image without the key) no longer carries the secrets.
// Backups deliberately leave it out (docs/administration.md: Secrets at rest).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRETS_KEY_FILE = 'secrets.key';

export interface KeyFileResult {
  key: Buffer;
  /** True when there was no usable key file and a new one was made. */
  created: boolean;
}

export function ensureSecretsKey(dataDir: string, log: (message: string) => void, now = Date.now()): KeyFileResult {
  const file = join(dataDir, SECRETS_KEY_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    if (/^[0-9a-f]{64}$/.test(text)) {
      chmodSync(file, 0o600);
      return { key: Buffer.from(text, 'hex'), created: false };
    }
    // Never overwrite a key that may still be recovered: move it aside, then make a new one.
    const aside = `${file}.damaged-${now}`;
    renameSync(file, aside);
    log(`${file} held no key; moved it to ${aside} and made a new one`);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, `${key.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(part, 0o600);
  renameSync(part, file);
  return { key, created: true };
}
