// The contract's audit.* calls (admins only, permissions.ts): the trail a page at a time, its CSV
// export (recorded itself, as every `export` call is, by the access control's auditor), and the
// chain check. Spread into access-handlers.ts.
import type { RequestHandlers } from '../../../shared/rpc/server';
import type { AuditLog } from './audit-log';

export function auditRequestHandlers(
  log: AuditLog,
): Pick<RequestHandlers, 'audit.list' | 'audit.export' | 'audit.verify'> {
  return {
    'audit.list': (p) => log.list(p),
    'audit.export': (p) => log.export(p),
    'audit.verify': () => log.verify(),
  };
}
