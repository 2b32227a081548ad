// Detached Ed25519 signatures over release manifests (latest.yml, latest-linux.yml, beta-….yml):
// the release host signs the exact bytes of the manifest with the private release key; every
// station verifies them against the public key shipped in build/update-signing-key.pem before it
// downloads anything the manifest names. The signature file sits beside the manifest as
// `<manifest>.sig`: JSON with the format, the key id (so "signed by another key" is told apart
// from "changed after signing") and the base64 signature.
//
// Node's crypto does all of it (Ed25519 keys in PEM: SPKI public, PKCS#8 private).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export const SIGNATURE_FORMAT = 'watchfloor-ed25519-v1';
export const SIGNATURE_SUFFIX = '.sig';

export interface SignatureFile {
  format: typeof SIGNATURE_FORMAT;
  keyId: string;
  /** base64 of the 64-byte Ed25519 signature over the manifest's bytes. */
  signature: string;
}

export interface ReleaseKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
  keyId: string;
}

export type ManifestVerdict =
  | { ok: true; keyId: string }
  | { ok: false; kind: 'unsigned' | 'signature' | 'wrong-key' | 'invalid'; message: string };

/** The first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function keyIdOf(publicKeyPem: string): string {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the release key is not an Ed25519 key');
  const raw = key.export({ format: 'jwk' }).x;
  if (typeof raw !== 'string') throw new Error('the release key has no public part');
  return createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex').slice(0, 16);
}

export function generateReleaseKeyPair(): ReleaseKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { publicKeyPem, privateKeyPem, keyId: keyIdOf(publicKeyPem) };
}

/** Signs the manifest's exact bytes; returns the text of its `.sig` file. */
export function signManifest(manifest: Buffer, privateKeyPem: string): string {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the release key is not an Ed25519 key');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const file: SignatureFile = {
    format: SIGNATURE_FORMAT,
    keyId: keyIdOf(publicKeyPem),
    signature: sign(null, manifest, privateKey).toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function parseSignature(text: string): SignatureFile | null {
  try {
    const parsed = JSON.parse(text) as Partial<SignatureFile>;
    if (
      parsed.format !== SIGNATURE_FORMAT ||
      typeof parsed.keyId !== 'string' ||
      typeof parsed.signature !== 'string' ||
      Buffer.from(parsed.signature, 'base64').length !== 64
    ) {
      return null;
    }
    return parsed as SignatureFile;
  } catch {
    return null;
  }
}

/**
 * Checks a manifest against its signature file's text (null: there was none) and the public key
 * this station trusts. Never throws for bad input: the verdict says what is wrong.
 */
export function verifyManifest(manifest: Buffer, signatureText: string | null, publicKeyPem: string): ManifestVerdict {
  if (signatureText === null) {
    return { ok: false, kind: 'unsigned', message: 'the release manifest has no signature file (.sig) beside it' };
  }
  const file = parseSignature(signatureText);
  if (!file) {
    return { ok: false, kind: 'invalid', message: `the signature file is not a ${SIGNATURE_FORMAT} signature` };
  }
  const expected = keyIdOf(publicKeyPem);
  if (file.keyId !== expected) {
    return {
      ok: false,
      kind: 'wrong-key',
      message: `the release was signed with key ${file.keyId}, not with this station's release key ${expected}`,
    };
  }
  const good = verify(null, manifest, createPublicKey(publicKeyPem), Buffer.from(file.signature, 'base64'));
  if (!good) {
    return {
      ok: false,
      kind: 'signature',
      message: `the release manifest was changed after it was signed (its signature does not match key ${expected})`,
    };
  }
  return { ok: true, keyId: expected };
}
