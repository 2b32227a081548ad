// The form state of Settings → Rules and its conversion to a rule entry. Every field is text
// while edited; a blank number means "not set here" (inherited from a wider entry or the
// device). The entry is checked with the contract's own schema before it is sent, so the form
// shows the same reasons the engine would give, on the fields they concern.
import {
  RULE_KINDS,
  RuleEntry,
  type RuleEntryInput,
  type RuleKind,
  type RuleSet,
} from '../../../../../shared/contract/detection';
import type { FieldErrors } from '../../../../../shared/bad-request';
import type { Priority } from '../../../../../shared/domain';

/** The numeric fields of each rule kind, in form order, with their labels. */
export const NUMBER_FIELDS: Record<RuleKind, readonly { key: string; label: string; hint?: string }[]> = {
  limits: [
    { key: 'loLo', label: 'loLo', hint: 'blank: the device’s' },
    { key: 'lo', label: 'lo' },
    { key: 'hi', label: 'hi' },
    { key: 'hiHi', label: 'hiHi' },
    { key: 'deadband', label: 'Deadband' },
  ],
  rate: [
    { key: 'maxPerSecond', label: 'Largest change per second' },
    { key: 'deadband', label: 'Deadband (per second)' },
  ],
  flatline: [
    { key: 'samples', label: 'Stuck for N readings' },
    { key: 'durationMs', label: 'or for (ms)' },
    { key: 'tolerance', label: 'Tolerance' },
  ],
  quality: [],
  offline: [{ key: 'timeoutMs', label: 'No data for (ms)', hint: 'blank: max(30 s, 3 × fastest interval)' }],
};

export const KIND_LABELS: Record<RuleKind, string> = {
  limits: 'Limits',
  rate: 'Rate of change',
  flatline: 'Flatline',
  quality: 'Bad quality',
  offline: 'Offline (per device)',
};

export interface KindDraft {
  /** Whether this entry decides the kind (else a wider entry, or the default, does). */
  set: boolean;
  enabled: boolean;
  priority: Priority | '';
  onDelayMs: string;
  offDelayMs: string;
  includeUncertain: boolean;
  numbers: Record<string, string>;
}

export interface RuleDraft {
  device: string;
  signal: string;
  kinds: Record<RuleKind, KindDraft>;
}

export type { FieldErrors };

function kindDraft(rule: Record<string, unknown> | undefined, kind: RuleKind): KindDraft {
  const numbers: Record<string, string> = {};
  for (const f of NUMBER_FIELDS[kind]) {
    const v = rule?.[f.key];
    numbers[f.key] = typeof v === 'number' ? String(v) : '';
  }
  return {
    set: rule !== undefined,
    enabled: rule?.enabled !== false,
    priority: (rule?.priority as Priority | undefined) ?? '',
    // 0 is "no delay", which overrides a default; blank is "not set here".
    onDelayMs: typeof rule?.onDelayMs === 'number' ? String(rule.onDelayMs) : '',
    offDelayMs: typeof rule?.offDelayMs === 'number' ? String(rule.offDelayMs) : '',
    includeUncertain: rule?.includeUncertain === true,
    numbers,
  };
}

export function draftOf(entry: { device: string; signal: string; rules: RuleSet } | null): RuleDraft {
  const kinds = {} as Record<RuleKind, KindDraft>;
  for (const k of RULE_KINDS) kinds[k] = kindDraft(entry?.rules[k] as Record<string, unknown> | undefined, k);
  return { device: entry?.device ?? '*', signal: entry?.signal ?? '*', kinds };
}

/** "12.5" → 12.5; blank → undefined; anything else → an error under `path`. */
function numberField(text: string, path: string, errors: FieldErrors): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    errors[path] = 'must be a number';
    return undefined;
  }
  return n;
}

export type Converted = { ok: true; value: RuleEntryInput } | { ok: false; errors: FieldErrors };

export function entryOf(draft: RuleDraft): Converted {
  const errors: FieldErrors = {};
  const rules: Record<string, Record<string, unknown>> = {};
  for (const kind of RULE_KINDS) {
    const d = draft.kinds[kind];
    if (!d.set) continue;
    const rule: Record<string, unknown> = { enabled: d.enabled };
    if (d.priority) rule.priority = d.priority;
    const on = numberField(d.onDelayMs, `rules.${kind}.onDelayMs`, errors);
    const off = numberField(d.offDelayMs, `rules.${kind}.offDelayMs`, errors);
    if (on !== undefined) rule.onDelayMs = on;
    if (off !== undefined) rule.offDelayMs = off;
    if (kind === 'quality') rule.includeUncertain = d.includeUncertain;
    for (const f of NUMBER_FIELDS[kind]) {
      const v = numberField(d.numbers[f.key] ?? '', `rules.${kind}.${f.key}`, errors);
      if (v !== undefined) rule[f.key] = v;
    }
    rules[kind] = rule;
  }
  const input = { device: draft.device.trim(), signal: draft.signal.trim(), rules };
  const parsed = RuleEntry.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: input as RuleEntryInput };
}

/** One line per entry for the list: which kinds it sets, and how. */
export function summary(rules: RuleSet): string {
  const parts: string[] = [];
  const off = (r: { enabled: boolean } | undefined) => r !== undefined && !r.enabled;
  if (rules.limits) parts.push(off(rules.limits) ? 'limits off' : 'limits');
  if (rules.rate) parts.push(off(rules.rate) ? 'rate off' : `rate ≤ ${rules.rate.maxPerSecond}/s`);
  if (rules.flatline) {
    const f = rules.flatline;
    const how = [f.samples && `${f.samples} readings`, f.durationMs && `${f.durationMs / 1000} s`]
      .filter(Boolean)
      .join(' or ');
    parts.push(off(f) ? 'flatline off' : `flatline ${how}`);
  }
  if (rules.quality) parts.push(off(rules.quality) ? 'quality off' : 'quality');
  if (rules.offline) {
    const o = rules.offline;
    parts.push(off(o) ? 'offline off' : o.timeoutMs ? `offline after ${o.timeoutMs / 1000} s` : 'offline');
  }
  return parts.join(' · ') || 'nothing set';
}
