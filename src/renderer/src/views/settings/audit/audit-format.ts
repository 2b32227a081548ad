// What the Audit tab shows, apart from React: periods as `from` times, the one-line summary of an
// entry's details, and the sentence for a refusal the engine answers when a non-admin opens it.
import { EngineError } from '../../../../../shared/errors';

export const PERIODS = [
  { id: 'hour', label: 'Last hour', ms: 3_600_000 },
  { id: 'day', label: 'Last 24 hours', ms: 86_400_000 },
  { id: 'week', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: 'month', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { id: 'all', label: 'All', ms: null },
] as const;
export type PeriodId = (typeof PERIODS)[number]['id'];

/** The start of the period, or undefined for all of it. */
export function periodFrom(id: PeriodId, now: number): number | undefined {
  const ms = PERIODS.find((p) => p.id === id)?.ms;
  return ms == null ? undefined : now - ms;
}

/** A short line for the table: what changed, or the error, or the parameters' keys. */
export function detailsSummary(details: unknown): string {
  if (!details || typeof details !== 'object') return details == null ? '' : String(details);
  const d = details as {
    changes?: Record<string, unknown>;
    error?: { code?: string; message?: string };
    params?: unknown;
  };
  if (d.error?.code) return `${d.error.code}: ${d.error.message ?? ''}`.trim();
  if (d.changes && Object.keys(d.changes).length > 0) {
    const keys = Object.keys(d.changes);
    return `changed ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''}`;
  }
  if (d.params && typeof d.params === 'object') {
    const text = JSON.stringify(d.params);
    return text === '{}' ? '' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
  }
  return '';
}

/** The caller may not read the trail at all (not an error of the trail: the tab says who may). */
export function isDenied(err: unknown): boolean {
  return err instanceof EngineError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHORIZED');
}

/** Words for a failed audit call: a refusal says who may read the trail; anything else as the engine said it. */
export function auditErrorText(err: unknown): string {
  if (err instanceof EngineError) {
    if (err.code === 'FORBIDDEN') return 'Only an administrator can read the audit trail.';
    if (err.code === 'UNAUTHORIZED') return 'Sign in as an administrator to read the audit trail.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
