// The desktop's data key for secrets at rest (engine/state/secret-box.ts): 32 random bytes made
// on first start, kept in userData/secrets-key.bin encrypted with Electron's safeStorage (the OS
// key store: Keychain, DPAPI, Secret Service / kwallet), decrypted at each start and handed to the
// engine host in its start message — never on a command line, never written in the clear.
// Where safeStorage is unavailable — Linux without a keyring, where Electron would fall back to
// a hard-coded key ('basic_text') — it returns undefined and the engine uses its key file
// (<data>/secrets.key, 0600), with a log line saying so. A key that no longer decrypts (another OS
// user, a reinstalled keyring) is moved aside and a new one made: the saved settings it sealed
// then read as absent and the engine says so (sealed-settings.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorageLike } from './electron-api';

export const DESKTOP_KEY_FILE = 'secrets-key.bin';

export function desktopSecretsKey(
  userDataDir: string,
  safeStorage: SafeStorageLike | undefined,
  log: (message: string) => void,
  now = Date.now(),
): string | undefined {
  const usable =
    safeStorage?.isEncryptionAvailable() === true && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  if (!safeStorage || !usable) {
    log(
      'the OS key store (safeStorage) is not available here: secrets saved in Settings are sealed with the key file in the data directory (secrets.key, readable by this user only)',
    );
    return undefined;
  }
  const file = join(userDataDir, DESKTOP_KEY_FILE);
  if (existsSync(file)) {
    try {
      const hex = safeStorage.decryptString(readFileSync(file));
      if (/^[0-9a-f]{64}$/.test(hex)) return hex;
      throw new Error('it holds no key');
    } catch (err) {
      const aside = `${file}.unreadable-${now}`;
      renameSync(file, aside);
      log(`${file} cannot be decrypted (${(err as Error).message}); moved it to ${aside} and made a new key`);
    }
  }
  mkdirSync(userDataDir, { recursive: true });
  const hex = randomBytes(32).toString('hex');
  writeFileSync(file, safeStorage.encryptString(hex), { mode: 0o600 });
  return hex;
}
