// Secrets are write-only over the contract: views carry "is one set", never the value, and a
// save that leaves a secret out keeps the stored one. A password written into a URL is redacted
// the same way ("***"), and a URL saved back with "***" keeps the stored password. A stored
// secret only ever goes where it was saved for: each source kind says when an edit moves it
// elsewhere (src/main/engine/ingest/kinds). Here: the helpers every kind uses, and HTTP ingest's
// bearer tokens, shown only by fingerprint.
import { createHash } from 'node:crypto';
import type { HttpIngestSave, HttpIngestView } from '../../../../shared/contract/sources';
import type { HttpIngestConfig, HttpIngestInput } from '../../../../shared/source-config';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';

export const REDACTED = '***';

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 12);
}

export function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function redactUrl(url: string | undefined): string | undefined {
  const u = parseUrl(url);
  if (!u?.password) return url;
  u.password = REDACTED;
  return u.toString();
}

export function httpView(c: HttpIngestConfig, origin: SettingOrigin): HttpIngestView {
  const { tokens, ...rest } = c;
  return { ...rest, tokens: tokens.map((t) => ({ fingerprint: tokenFingerprint(t) })), origin };
}

export function withHttpSecrets(save: HttpIngestSave, stored: HttpIngestConfig): HttpIngestInput {
  const { addTokens = [], removeTokens = [], ...rest } = save;
  const removed = new Set(removeTokens);
  const kept = stored.tokens.filter((t) => !removed.has(tokenFingerprint(t)));
  return { ...rest, tokens: [...kept, ...addTokens.filter((t) => !kept.includes(t))] };
}
