// Self-signed certificates made by Debian's openssl (a system peer: scripts/system-peers.mjs) in the
// test's own directory, and what the engine's administrator would read from them
// (`openssl x509 -fingerprint -sha256`). A client trusts one by taking the certificate itself as its CA.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface TestCertificate {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  /** As openssl prints it: `AB:CD:…`. */
  fingerprint: string;
}

export function makeSelfSigned(dir: string, name: string, commonName = 'engine.test'): TestCertificate {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}/O=Watchfloor test`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  const printed = execFileSync(OPENSSL, ['x509', '-noout', '-fingerprint', '-sha256', '-in', certFile], {
    encoding: 'utf8',
  });
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    certFile,
    keyFile,
    fingerprint: printed.trim().split('=')[1]!,
  };
}
