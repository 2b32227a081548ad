// What the desktop shows before it pins a central engine: the certificate the engine presents,
// read over a TLS connection that trusts nothing (rejectUnauthorized off, nothing sent but the
// handshake). The user compares the SHA-256 fingerprint with the one the engine's administrator
// reads on the engine's machine (`openssl x509 -noout -fingerprint -sha256 -in cert.pem`), and
// approves it; from then on only that certificate is accepted (pinned-connection.ts).
// `caTrusted` says whether a public CA (Node's bundle) would also have accepted it for this
// name — shown for information: the pin is what decides.
import { createHash, X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import type { EngineAddress } from './engine-url';

export interface CertificateInfo {
  /** SHA-256 of the certificate (DER), upper-case hex pairs joined by ':' as openssl prints it. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  /** Epoch ms. */
  readonly validFrom: number;
  readonly validTo: number;
  readonly selfSigned: boolean;
  readonly caTrusted: boolean;
  /** Why a public CA would refuse it (openssl's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT), or null. */
  readonly caError: string | null;
}

/** `ab:cd…`, `ABCD…`, with or without colons → `AB:CD:…`; undefined when it is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | undefined {
  const hex = text
    .replace(/^sha256 fingerprint=/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

export function fingerprintOf(der: Buffer): string {
  return normalizeFingerprint(createHash('sha256').update(der).digest('hex'))!;
}

function names(record: PeerCertificate['subject'] | undefined): string {
  if (!record) return '';
  return Object.entries(record)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function describeCertificate(cert: PeerCertificate, authorized: boolean, error: string | null): CertificateInfo {
  const x509 = new X509Certificate(cert.raw);
  return {
    fingerprint: fingerprintOf(cert.raw),
    subject: names(cert.subject),
    issuer: names(cert.issuer),
    validFrom: Date.parse(x509.validFrom),
    validTo: Date.parse(x509.validTo),
    selfSigned: x509.subject === x509.issuer,
    caTrusted: authorized,
    caError: authorized ? null : error,
  };
}

/** Connects, reads the certificate, hangs up. Rejects with a readable reason when nothing answers TLS. */
export function probeCertificate(address: EngineAddress, timeoutMs = 8000): Promise<CertificateInfo> {
  if (!address.secure) return Promise.reject(new Error('plain http has no certificate to check'));
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: address.host,
      port: address.port,
      servername: isIpLiteral(address.host) ? undefined : address.host,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${address.origin} did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate(false);
      socket.end();
      if (!cert?.raw) {
        reject(new Error(`${address.origin} presented no certificate`));
        return;
      }
      const error = socket.authorizationError ? String(socket.authorizationError) : null;
      resolve(describeCertificate(cert, socket.authorized, error));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(connectFailure(address, err)));
    });
  });
}

export function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** A connection failure in words a control-room engineer can act on. */
export function connectFailure(address: EngineAddress, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${address.origin} (is the engine running, and is the port right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${address.host} is not a known host name`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${address.origin} cannot be reached from this machine`;
    default:
      if (/wrong version number|packet length too long|EPROTO/i.test(err.message)) {
        return `${address.origin} does not speak TLS (is it served over plain http?)`;
      }
      return `${address.origin}: ${err.message}`;
  }
}
