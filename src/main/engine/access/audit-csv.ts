// The audit trail as CSV (audit.export, `watchfloor audit export`): one row per entry, oldest
// first, RFC 4180 quoting. Text a spreadsheet would run as a formula (= + - @ at the start) is
// prefixed with a quote: an audit file opened in Excel must not execute what a caller typed.
import { csvField } from '../../../shared/csv-field';
import type { AuditRow } from './audit-chain';

export interface AuditFilters {
  from?: number;
  to?: number;
  actor?: string;
  action?: string;
  outcome?: 'ok' | 'refused' | 'failed';
  text?: string;
}

const HEADER = [
  'seq',
  'time',
  'actor',
  'role',
  'client',
  'action',
  'target',
  'outcome',
  'details',
  'prev_hash',
  'hash',
];

function cell(value: string | number | null): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : csvField(value);
}

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.seq,
        new Date(r.at).toISOString(),
        r.actor,
        r.role,
        r.client,
        r.action,
        r.target,
        r.outcome,
        r.details,
        r.prev_hash,
        r.hash,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
