// Secrets are write-only over the contract: views carry "is one set", never the value, and a
// save that leaves a secret out keeps the stored one. A password written into a URL is redacted
// the same way ("***"), and a URL saved back with "***" keeps the stored password. A stored
// secret only ever goes where it was saved for: each source kind says when an edit moves it
// elsewhere (src/main/engine/ingest/kinds). Here: the helpers every kind uses.

export const REDACTED = '***';

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
