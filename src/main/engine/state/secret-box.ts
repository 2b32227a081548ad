// The SecretBox port: seals text that must not lie in state.db in the clear (saved settings
// with passwords and tokens) and opens it again. AES-256-GCM with a 32-byte data key, a fresh
// 12-byte IV per seal; the output is text with a version prefix (`wf-sealed:v1:`), so a sealed
// value is recognisable, a plaintext one from before is not mistaken for one, and a later
// algorithm can be told apart. Where the key comes from is the platform's business: a key file
// in the data directory for `serve` (secrets-key-file.ts), Electron's safeStorage on the desktop
// (src/main/shell/secrets-key.ts), handed to the engine as this port.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SEALED_PREFIX = 'wf-sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(text: string): string;
  /** Throws SecretBoxError when the text was sealed with another key or was altered. */
  open(sealed: string): string;
}

export class SecretBoxError extends Error {}

export function isSealed(text: string): boolean {
  return text.startsWith(SEALED_PREFIX);
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secrets data key must be 32 bytes');
  const dataKey = Buffer.from(key);
  return {
    seal(text) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!isSealed(sealed)) throw new SecretBoxError('not a sealed value');
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('the sealed value is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', dataKey, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('sealed with another key, or altered');
      }
    },
  };
}
