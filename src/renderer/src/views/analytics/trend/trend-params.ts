// What the analytics trend panel shows, as its part of the Analytics view's URL state: the
// range (a preset that ends now, as the Device view's), which devices (of a kind, of an area,
// or picked by id), which signal (or every one) and the sort. Encoded as a short query string
// that leaves defaults out ("r=24h&kind=pressure&sort=rate"), decoded leniently: a value that
// is not valid falls back to its default, so a hand-edited or old link still opens.

/**
 * A range preset id of the Device view's (views/device/history-range.ts: '15m', '1h', '24h', …);
 * checked by shape here and by name where it is used, so this module — which the Analytics view
 * loads with itself — does not pull the Device view's range code into that view's chunk.
 */
export type TrendPreset = string;
const PRESET = /^\d{1,3}[mhdy]$/;

export type TrendSort = 'device' | 'signal' | 'direction' | 'rate';
const SORTS: readonly TrendSort[] = ['device', 'signal', 'direction', 'rate'];

export interface TrendParams {
  /** The range: a preset ending now (views/device/history-range.ts). */
  preset: TrendPreset;
  /** Only devices of this kind; null for every kind. */
  kind: string | null;
  /** Only devices of this area; null for every area. */
  area: string | null;
  /** Only these devices (ids); empty for every device the kind and area leave. */
  devices: string[];
  /** Only this signal key; null for every signal. */
  signal: string | null;
  sort: TrendSort;
  /** Descending: for the rate, the fastest rising first. */
  desc: boolean;
}

export function defaultTrendParams(): TrendParams {
  return { preset: '1h', kind: null, area: null, devices: [], signal: null, sort: 'rate', desc: true };
}

export function encodeTrendParams(p: TrendParams): string {
  const d = defaultTrendParams();
  const q = new URLSearchParams();
  if (p.preset !== d.preset) q.set('r', p.preset);
  if (p.kind) q.set('kind', p.kind);
  if (p.area) q.set('area', p.area);
  if (p.devices.length > 0) q.set('d', p.devices.join(','));
  if (p.signal) q.set('s', p.signal);
  if (p.sort !== d.sort) q.set('sort', p.sort);
  if (p.desc !== d.desc) q.set('dir', p.desc ? 'desc' : 'asc');
  return q.toString();
}

export function decodeTrendParams(s: string): TrendParams {
  const d = defaultTrendParams();
  let q: URLSearchParams;
  try {
    q = new URLSearchParams(s);
  } catch {
    return d;
  }
  const text = (key: string) => q.get(key)?.trim() || null;
  const r = q.get('r');
  const sort = q.get('sort');
  const dir = q.get('dir');
  return {
    preset: r && PRESET.test(r) ? r : d.preset,
    kind: text('kind'),
    area: text('area'),
    devices: (q.get('d') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    signal: text('s'),
    sort: sort && (SORTS as readonly string[]).includes(sort) ? (sort as TrendSort) : d.sort,
    desc: dir === 'asc' ? false : dir === 'desc' ? true : d.desc,
  };
}
