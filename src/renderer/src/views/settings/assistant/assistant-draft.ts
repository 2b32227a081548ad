// Settings → Assistant's form state and its translation to and from the engine's settings.
// Numbers are edited as text (a half-typed number is not an error until Save); the first-token
// timeout is shown in seconds. Before anything is sent the draft is checked with the contract's
// own schema, so a local refusal names the same fields (dotted paths such as
// `reports.perMinute`, `folders.2`) as the engine's would.
import { AssistantConfig, type AssistantConfigInput } from '../../../../../shared/contract/assistant';
import { issuesToFieldErrors, type FieldErrors } from '../../../../../shared/bad-request';
import type { Priority } from '../../../../../shared/domain';

export interface AssistantDraft {
  enabled: boolean;
  baseUrl: string;
  chatModel: string;
  embeddingModel: string;
  folders: string[];
  reportsEnabled: boolean;
  minPriority: Priority;
  perMinute: string;
  queueLimit: string;
  /** Seconds. */
  firstTokenTimeout: string;
}

export function toDraft(c: AssistantConfig): AssistantDraft {
  return {
    enabled: c.enabled,
    baseUrl: c.baseUrl,
    chatModel: c.chatModel,
    embeddingModel: c.embeddingModel,
    folders: [...c.folders],
    reportsEnabled: c.reports.enabled,
    minPriority: c.reports.minPriority,
    perMinute: String(c.reports.perMinute),
    queueLimit: String(c.reports.queueLimit),
    firstTokenTimeout: String(c.firstTokenTimeoutMs / 1000),
  };
}

/** A whole number from a field, or NaN (the schema then names the field). */
function wholeNumber(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** An absolute path on the engine's machine: POSIX, a Windows drive, or a UNC share. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

export type DraftResult = { ok: true; value: AssistantConfig } | { ok: false; errors: FieldErrors };

export function fromDraft(d: AssistantDraft): DraftResult {
  const seconds = Number(d.firstTokenTimeout.trim());
  const input: AssistantConfigInput = {
    enabled: d.enabled,
    baseUrl: d.baseUrl,
    chatModel: d.chatModel,
    embeddingModel: d.embeddingModel,
    folders: d.folders,
    reports: {
      enabled: d.reportsEnabled,
      minPriority: d.minPriority,
      perMinute: wholeNumber(d.perMinute),
      queueLimit: wholeNumber(d.queueLimit),
    },
    firstTokenTimeoutMs:
      d.firstTokenTimeout.trim() && Number.isFinite(seconds) ? Math.round(seconds * 1000) : Number.NaN,
  };
  const errors: FieldErrors = {};
  if (Number.isNaN(input.reports?.perMinute)) errors['reports.perMinute'] = 'enter a whole number';
  if (Number.isNaN(input.reports?.queueLimit)) errors['reports.queueLimit'] = 'enter a whole number';
  if (Number.isNaN(input.firstTokenTimeoutMs)) errors['firstTokenTimeoutMs'] = 'enter a number of seconds';
  d.folders.forEach((f, i) => {
    if (f.trim() && !isAbsolutePath(f.trim())) errors[`folders.${i}`] = 'must be an absolute path (/… or C:\\…)';
  });
  const parsed = AssistantConfig.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    Object.assign(errors, { ...issuesToFieldErrors(issues, '(root)'), ...errors });
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data };
}

/** Adds a folder unless it is empty or already listed; the path is kept as typed (trimmed). */
export function addFolder(d: AssistantDraft, path: string): AssistantDraft {
  const p = path.trim();
  if (!p || d.folders.includes(p)) return d;
  return { ...d, folders: [...d.folders, p] };
}
