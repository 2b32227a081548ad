// TLS connections to a central engine that accept exactly one certificate: the one the user
// approved (its SHA-256 fingerprint). Decisions:
// - The pin is the whole certificate, not its key and not a CA: a certificate signed by a public
//   CA, even for the right name, is refused when it is not the approved one, and so is a renewal
//   with the same key. Renewing the engine's certificate is rare and deliberate; the desktop then
//   says the certificate changed and the user approves the new fingerprint in Settings → Engine.
// - The host name is not checked: the pin is a stronger statement than a name, and it lets an
//   engine be reached by its IP address with a self-signed certificate.
// - The check happens when the handshake is done and BEFORE the socket is handed to HTTP or the
//   WebSocket: nothing — no request line, no session secret — is written to a server that has not
//   proved it holds the pinned certificate. (Node calls checkServerIdentity only when the chain
//   verifies, so it cannot carry the pin for a self-signed certificate.)
import type { Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { connectFailure, fingerprintOf, isIpLiteral, normalizeFingerprint } from './certificate-probe';
import type { EngineAddress } from './engine-url';

/** The engine presented another certificate than the approved one. */
export class CertificateChangedError extends Error {
  readonly code = 'CERTIFICATE_CHANGED';
  constructor(
    readonly expected: string,
    readonly presented: string,
  ) {
    super(
      'the engine’s certificate changed — if this is expected, approve the new fingerprint in Settings → Engine' +
        ` (presented ${presented})`,
    );
  }
}

export type CreateConnection = (options: unknown, done: (err: Error | null, socket?: Socket) => void) => undefined;

/**
 * `createConnection` for http(s).request and `ws`: connects, verifies the pin, then hands the
 * socket over. Plain http (loopback only, see engine-url.ts) has no pin.
 */
export function pinnedConnection(address: EngineAddress, fingerprint: string | null): CreateConnection {
  return (_options, done) => {
    if (!address.secure) {
      const socket = netConnect({ host: address.host, port: address.port });
      socket.once('connect', () => done(null, socket));
      socket.once('error', (err: NodeJS.ErrnoException) => done(new Error(connectFailure(address, err))));
      return undefined;
    }
    const expected = fingerprint ? normalizeFingerprint(fingerprint) : undefined;
    if (!expected) {
      done(new Error('no approved certificate fingerprint for this engine: check it in Settings → Engine'));
      return undefined;
    }
    const options: ConnectionOptions = {
      host: address.host,
      port: address.port,
      rejectUnauthorized: false,
      ...(isIpLiteral(address.host) ? {} : { servername: address.host }),
    };
    const socket = tlsConnect(options);
    const onError = (err: NodeJS.ErrnoException) => done(new Error(connectFailure(address, err)));
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(false);
      const presented = cert?.raw ? fingerprintOf(cert.raw) : '(none)';
      if (presented !== expected) {
        socket.removeListener('error', onError);
        socket.on('error', () => {});
        socket.destroy();
        done(new CertificateChangedError(expected, presented));
        return;
      }
      socket.removeListener('error', onError);
      done(null, socket);
    });
    return undefined;
  };
}
