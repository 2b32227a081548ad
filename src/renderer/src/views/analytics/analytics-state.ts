// What the Analytics view shows, and its URL form (`#analytics/<state>`): a reload, a shared link
// and a saved view (trend-groups contract) all come back to the same panel, series and range.
//
// The form is a query string (`v=1&p=overlay&s=device-001/temperature,device-002/pressure&r=24h`),
// not base64 JSON: it is short, an operator can read and edit it, and unknown keys are simply
// ignored. Every field is read on its own and falls back to its default when missing or invalid,
// so an old link (fewer fields), a newer one (more fields) or a hand-edited one still opens.
// `v` is the form's version: a later form that changes a field's meaning bumps it and reads the
// old one here. Defaults are left out, so the default view's URL is plain `#analytics`.
//
// The heatmap's and the trend panel's parts belong to their panels: each is written and read by
// the panel's own encode/decode (heatmap/heatmap-params.ts, trend/trend-params.ts) and sits here
// as one value (`h=`, `t=`), so a panel can change its fields without touching this file.
import {
  decodeHeatmapParams,
  defaultHeatmapParams,
  encodeHeatmapParams,
  type HeatmapParams,
} from './heatmap/heatmap-params';
import { decodeTrendParams, defaultTrendParams, encodeTrendParams, type TrendParams } from './trend/trend-params';

export const STATE_VERSION = 1;

export const PANELS = ['overlay', 'heatmap', 'compare', 'trend', 'correlation'] as const;
export type AnalyticsPanel = (typeof PANELS)[number];

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The range presets: each follows now (live). */
export const RANGE_PRESETS = {
  '15m': 15 * MIN,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

/** A preset that follows now (live), or a fixed window (historic). */
export type RangeSpec = { preset: RangePreset } | { from: number; to: number };

export const SCALES = ['normalised', 'axes'] as const;
/** Overlay: every series scaled 0–1 on one axis, or one axis per unit. */
export type OverlayScale = (typeof SCALES)[number];

export const PERIODS = ['hour', 'day', 'week'] as const;
export type ComparePeriod = (typeof PERIODS)[number];

export interface CompareParams {
  /** Device kind compared (every device of it); '' until chosen. */
  kind: string;
  /** Signal key compared across those devices; '' until chosen. */
  signal: string;
  period: ComparePeriod;
}

export interface AnalyticsState {
  panel: AnalyticsPanel;
  /** Series (`device/signal`) of the overlay and the correlation matrix. */
  series: string[];
  range: RangeSpec;
  scale: OverlayScale;
  compare: CompareParams;
  heatmap: HeatmapParams;
  trend: TrendParams;
}

/** At most this many series in the state (and so in a link); the chart draws fewer (MAX_CHART_SERIES). */
export const MAX_STATE_SERIES = 32;
/** At most this many series on one chart or in one matrix: more is unreadable, and said so. */
export const MAX_CHART_SERIES = 12;

export function defaultAnalyticsState(): AnalyticsState {
  return {
    panel: 'overlay',
    series: [],
    range: { preset: '1h' },
    scale: 'normalised',
    compare: { kind: '', signal: '', period: 'hour' },
    heatmap: defaultHeatmapParams(),
    trend: defaultTrendParams(),
  };
}

const SERIES_RE = /^[^/,]+\/[^,]+$/;
const FIXED_RANGE_RE = /^(\d{1,15})~(\d{1,15})$/;

function oneOf<T extends string>(list: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : fallback;
}

function rangeOf(text: string | null): RangeSpec {
  if (text && Object.prototype.hasOwnProperty.call(RANGE_PRESETS, text)) return { preset: text as RangePreset };
  const m = text ? FIXED_RANGE_RE.exec(text) : null;
  if (m) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from < to) return { from, to };
  }
  return defaultAnalyticsState().range;
}

function seriesOf(text: string | null): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const s of text.split(',')) {
    const id = s.trim();
    if (SERIES_RE.test(id) && !out.includes(id)) out.push(id);
    if (out.length >= MAX_STATE_SERIES) break;
  }
  return out;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The state's URL form (without `#analytics/`); '' for the default state. */
export function encodeAnalyticsState(state: AnalyticsState): string {
  const d = defaultAnalyticsState();
  const q = new URLSearchParams();
  if (state.panel !== d.panel) q.set('p', state.panel);
  if (state.series.length) q.set('s', state.series.slice(0, MAX_STATE_SERIES).join(','));
  const r = 'preset' in state.range ? state.range.preset : `${state.range.from}~${state.range.to}`;
  if (!sameJson(state.range, d.range)) q.set('r', r);
  if (state.scale !== d.scale) q.set('sc', state.scale);
  if (state.compare.kind) q.set('ck', state.compare.kind);
  if (state.compare.signal) q.set('cs', state.compare.signal);
  if (state.compare.period !== d.compare.period) q.set('cp', state.compare.period);
  const h = encodeHeatmapParams(state.heatmap);
  if (h && h !== encodeHeatmapParams(d.heatmap)) q.set('h', h);
  const t = encodeTrendParams(state.trend);
  if (t && t !== encodeTrendParams(d.trend)) q.set('t', t);
  if ([...q.keys()].length === 0) return '';
  // Commas and slashes read better left alone, and are safe inside a query value.
  return `v=${STATE_VERSION}&${q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%7E/g, '~')}`;
}

/** Reads any text (the URL, a saved view): every field it cannot read gets its default. */
export function decodeAnalyticsState(text: string | null | undefined): AnalyticsState {
  const d = defaultAnalyticsState();
  if (!text) return d;
  let q: URLSearchParams;
  try {
    q = new URLSearchParams(text.replace(/^[#?]/, ''));
  } catch {
    return d;
  }
  return {
    panel: oneOf(PANELS, q.get('p'), d.panel),
    series: seriesOf(q.get('s')),
    range: rangeOf(q.get('r')),
    scale: oneOf(SCALES, q.get('sc'), d.scale),
    compare: {
      kind: (q.get('ck') ?? '').slice(0, 64),
      signal: (q.get('cs') ?? '').slice(0, 64),
      period: oneOf(PERIODS, q.get('cp'), d.compare.period),
    },
    heatmap: q.has('h') ? decodeHeatmapParams(q.get('h') ?? '') : d.heatmap,
    trend: q.has('t') ? decodeTrendParams(q.get('t') ?? '') : d.trend,
  };
}

/** The window a range covers at `now`: a preset ends now, a fixed window is itself. */
export function rangeWindow(range: RangeSpec, now: number): { from: number; to: number } {
  if ('preset' in range) return { from: now - RANGE_PRESETS[range.preset], to: now };
  return { from: range.from, to: range.to };
}

export const isLive = (range: RangeSpec): boolean => 'preset' in range;
