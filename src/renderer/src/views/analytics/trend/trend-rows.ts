// The analytics trend panel's rows: one per device signal the parameters select, each with its
// fitted trend over the range (src/shared/trend-fit.ts — the Device view's statistics use the
// same fit), sorted as asked. Pure, so the choice of rows and their order are tested.
import type { Device } from '../../../../../shared/domain';
import { seriesKey } from '../../../../../shared/domain';
import { fitTrend, type TrendFit, type TrendInput, type TrendWindow } from '../../../../../shared/trend-fit';
import type { TrendParams, TrendSort } from './trend-params';

export interface TrendTarget {
  series: string;
  device: Device;
  signal: string;
  unit: string;
}

export interface TrendRow extends TrendTarget {
  fit: TrendFit;
}

/** The device signals the parameters select, in device then signal order. */
export function trendTargets(devices: readonly Device[], p: TrendParams): TrendTarget[] {
  const picked = new Set(p.devices);
  return devices
    .filter((d) => (p.kind === null || d.kind === p.kind) && (p.area === null || (d.area || '') === p.area))
    .filter((d) => picked.size === 0 || picked.has(d.id))
    .flatMap((d) =>
      d.signals
        .filter((s) => p.signal === null || s.key === p.signal)
        .map((s) => ({ series: seriesKey(d.id, s.key), device: d, signal: s.key, unit: s.unit })),
    );
}

const DIRECTION_ORDER = { rising: 2, stable: 1, falling: 0 } as const;

/** Rising above stable above falling; too little data always last. */
function directionRank(f: TrendFit): number {
  return f.state === 'ok' ? DIRECTION_ORDER[f.direction] : -1;
}

/** Units per hour, to compare rates whatever unit each row reads in; null with too little data. */
export function ratePerHour(f: TrendFit): number | null {
  return f.state === 'ok' ? f.slopePerMs * 3_600_000 : null;
}

const name = (r: TrendTarget) => r.device.name || r.device.id;

export function compareRows(sort: TrendSort, desc: boolean) {
  const sign = desc ? -1 : 1;
  return (a: TrendRow, b: TrendRow): number => {
    const byName = name(a).localeCompare(name(b)) || a.signal.localeCompare(b.signal);
    if (sort === 'device') return sign * byName;
    if (sort === 'signal') return sign * (a.signal.localeCompare(b.signal) || name(a).localeCompare(name(b)));
    if (sort === 'direction') return sign * (directionRank(a.fit) - directionRank(b.fit)) || byName;
    const ra = ratePerHour(a.fit);
    const rb = ratePerHour(b.fit);
    // Rows without a rate stay at the bottom in either direction.
    if (ra === null || rb === null) return ra === rb ? byName : ra === null ? 1 : -1;
    return sign * (ra - rb) || byName;
  };
}

/** Every target fitted over the window from its points (none: too little data), sorted. */
export function trendRows(
  targets: readonly TrendTarget[],
  points: ReadonlyMap<string, TrendInput>,
  window: TrendWindow,
  sort: TrendSort,
  desc: boolean,
): TrendRow[] {
  const none: TrendInput = { ts: [], value: [] };
  return targets
    .map((t) => ({ ...t, fit: fitTrend(points.get(t.series) ?? none, window) }))
    .sort(compareRows(sort, desc));
}
