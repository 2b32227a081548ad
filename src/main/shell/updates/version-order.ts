// Semantic-version precedence (semver.org §11) for what the update service decides itself: a
// manifest older than the running version is a downgrade, and is refused. (electron-updater keeps
// its own comparison for "newer"; semver is not a direct dependency of Watchfloor.)
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isVersion(text: string): boolean {
  return SEMVER.test(text.trim());
}

/** Negative when a < b, 0 when equal in precedence, positive when a > b; throws on a non-version. */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a.trim());
  const pb = SEMVER.exec(b.trim());
  if (!pa || !pb) throw new Error(`not a semantic version: "${pa ? b : a}"`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const ra = pa[4]?.split('.') ?? [];
  const rb = pb[4]?.split('.') ?? [];
  if (ra.length === 0 || rb.length === 0) return rb.length - ra.length === 0 ? 0 : ra.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
