// server.tls: the PEM certificate and key `serve` answers HTTPS and WSS with, read once at start.
// A file that is missing, unreadable or not a certificate/key pair that belongs together stops
// `serve` before anything starts, with one line naming the file: an engine that was meant to be
// reached over TLS must never quietly come up in clear.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { EngineError } from '../../../shared/errors';
import type { Config } from '../../engine/config/config-schema';

export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

function readPem(field: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'this user may not read it' : code;
    throw new EngineError('INVALID_STATE', `server.tls.${field}: cannot read ${path}: ${why}`, { field, path });
  }
}

/** The certificate and key of server.tls, checked to parse and to belong together; undefined without TLS. */
export function loadTls(tls: Config['server']['tls']): TlsIdentity | undefined {
  if (!tls) return undefined;
  const identity: TlsIdentity = { cert: readPem('cert', tls.cert), key: readPem('key', tls.key) };
  if (tls.ca) identity.ca = readPem('ca', tls.ca);
  if (!identity.cert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new EngineError('INVALID_STATE', `server.tls.cert: ${tls.cert} holds no PEM certificate`, { field: 'cert' });
  }
  try {
    createSecureContext(identity);
  } catch (err) {
    throw new EngineError(
      'INVALID_STATE',
      `server.tls: the certificate ${tls.cert} and the key ${tls.key} cannot be used: ${(err as Error).message}`,
      { field: 'key' },
    );
  }
  return identity;
}
