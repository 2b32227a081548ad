// Start-up checks of TLS files, for every kind that takes PEM files: each named file must be
// readable on the engine's machine, and a client certificate needs its key.
import { accessSync, constants } from 'node:fs';
import type { TlsConfig } from '../../../../shared/source-config';
import type { Issue } from './source-kind';

export function tlsIssues(tls: TlsConfig | undefined, at: string): Issue[] {
  if (!tls) return [];
  const issues: Issue[] = [];
  for (const field of ['ca', 'cert', 'key'] as const) {
    const path = tls[field];
    if (path === undefined) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (err) {
      issues.push({
        path: `${at}.${field}`,
        message: `cannot read ${path} on the engine's machine (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      });
    }
  }
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    issues.push({
      path: `${at}.${tls.cert ? 'key' : 'cert'}`,
      message: 'a client certificate needs both cert and key',
    });
  }
  return issues;
}
