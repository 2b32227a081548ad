// A throwaway self-signed certificate for 127.0.0.1 and localhost, made with Debian's openssl
// (a system peer: scripts/system-peers.mjs), for `serve` over HTTPS and WSS in the tests. A
// client trusts it by taking the certificate itself as its CA.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export function makeSelfSignedCertificate(dir: string, name = 'serve'): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
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
      '-days',
      '1',
      '-subj',
      '/CN=Watchfloor test engine',
      '-addext',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'pipe' },
  );
  return { cert, key };
}
