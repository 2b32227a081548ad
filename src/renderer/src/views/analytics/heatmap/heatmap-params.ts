// What the analytics heatmap shows, as part of the Analytics view's URL state (issue 16, point 5),
// and its URL form. The Analytics view keeps one HeatmapParams and passes it to HeatmapPanel; to
// save or share a view it calls encodeHeatmapParams and embeds the string as one value (it is
// query-string syntax, `m=signal&s=pressure&d=30`, so the caller encodes it with
// encodeURIComponent inside its own state). decodeHeatmapParams takes anything — an old link, a
// hand-edited one, garbage — and keeps what it can read, using the default for every other field,
// so a shared link never fails to open.
//
// The range is either the last `days` up to now (follows the clock: a wall showing "30 days"
// stays current) or a fixed from/to (a link to what someone saw). Default values are left out
// of the string, so the common view has a short URL.
import type { HeatmapBucket, HeatmapMeasure } from '../../../../../shared/contract/analytics';

export const HEATMAP_DAYS = [1, 7, 30, 90] as const;
export type HeatmapDays = (typeof HEATMAP_DAYS)[number];

/** Which devices: every one, one area, one kind, or a list of ids. */
export type HeatmapScope =
  { by: 'all' } | { by: 'area'; area: string } | { by: 'kind'; kind: string } | { by: 'devices'; devices: string[] };

export interface HeatmapParams {
  /** 'alarms' (alarm counts) or 'signal' (a signal's average). */
  measure: HeatmapMeasure;
  /** The signal key, for measure 'signal' (null: the panel picks the first it finds). */
  signal: string | null;
  scope: HeatmapScope;
  /** The last N days up to now, unless `fixed` is set. */
  days: HeatmapDays;
  /** A fixed range (UTC ms), or null to follow now. */
  fixed: { from: number; to: number } | null;
  bucket: HeatmapBucket;
  /** Rows by their total (worst first) or by name. */
  sort: 'total' | 'name';
}

export function defaultHeatmapParams(): HeatmapParams {
  return { measure: 'alarms', signal: null, scope: { by: 'all' }, days: 7, fixed: null, bucket: 'hour', sort: 'total' };
}

/** The range the params stand for at `now`. */
export function heatmapRange(p: HeatmapParams, now: number): { from: number; to: number } {
  return p.fixed ?? { from: Math.max(0, now - p.days * 86_400_000), to: now };
}

/** The finest bucket the contract takes for a range: hours up to 83 days, else days. */
export function usableBucket(p: HeatmapParams): HeatmapBucket {
  const span = p.fixed ? p.fixed.to - p.fixed.from : p.days * 86_400_000;
  return p.bucket === 'hour' && span > 80 * 86_400_000 ? 'day' : p.bucket;
}

const MAX_TEXT = 128;
const text = (v: string | null): string | null => (v && v.length <= MAX_TEXT ? v : null);
const ms = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null);

export function encodeHeatmapParams(p: HeatmapParams): string {
  const d = defaultHeatmapParams();
  const q = new URLSearchParams();
  if (p.measure !== d.measure) q.set('m', p.measure);
  if (p.measure === 'signal' && p.signal) q.set('s', p.signal);
  if (p.scope.by === 'area') q.set('area', p.scope.area);
  if (p.scope.by === 'kind') q.set('kind', p.scope.kind);
  if (p.scope.by === 'devices') q.set('dev', p.scope.devices.join(','));
  if (p.fixed) {
    q.set('from', String(p.fixed.from));
    q.set('to', String(p.fixed.to));
  } else if (p.days !== d.days) q.set('d', String(p.days));
  if (p.bucket !== d.bucket) q.set('b', p.bucket);
  if (p.sort !== d.sort) q.set('o', p.sort);
  return q.toString();
}

export function decodeHeatmapParams(s: string): HeatmapParams {
  const p = defaultHeatmapParams();
  let q: URLSearchParams;
  try {
    q = new URLSearchParams(typeof s === 'string' ? s.replace(/^[?#]/, '') : '');
  } catch {
    return p;
  }
  const m = q.get('m');
  if (m === 'alarms' || m === 'signal') p.measure = m;
  if (p.measure === 'signal') p.signal = text(q.get('s'));
  const area = q.get('area');
  const kind = text(q.get('kind'));
  const devices = (q.get('dev') ?? '')
    .split(',')
    .filter((id) => id && id.length <= MAX_TEXT)
    .slice(0, 2000);
  if (area !== null && area.length <= 100) p.scope = { by: 'area', area };
  else if (kind) p.scope = { by: 'kind', kind };
  else if (devices.length > 0) p.scope = { by: 'devices', devices };
  const days = Number(q.get('d'));
  if ((HEATMAP_DAYS as readonly number[]).includes(days)) p.days = days as HeatmapDays;
  const from = ms(q.get('from'));
  const to = ms(q.get('to'));
  if (from !== null && to !== null && from < to) p.fixed = { from, to };
  const b = q.get('b');
  if (b === 'hour' || b === 'day') p.bucket = b;
  const o = q.get('o');
  if (o === 'total' || o === 'name') p.sort = o;
  return p;
}
