// Semantic-version precedence for what the update service decides itself: a manifest older than
// the running version is a downgrade, and is refused. The `semver` package is electron-updater's
// own comparison, so "older" here and "newer" there can never disagree.
import { compare, valid } from 'semver';

export function isVersion(text: string): boolean {
  return valid(text.trim()) !== null;
}

/** Negative when a < b, 0 when equal in precedence, positive when a > b; throws on a non-version. */
export function compareVersions(a: string, b: string): number {
  const bad = [a, b].find((v) => !isVersion(v));
  if (bad !== undefined) throw new Error(`not a semantic version: "${bad}"`);
  return compare(a.trim(), b.trim());
}
