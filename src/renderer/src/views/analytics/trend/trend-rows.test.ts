// Which device signals the trend panel lists, and in which order: by kind, area and pick; the
// fastest rising first by default; rows with too little data always last.
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../../shared/domain';
import { defaultTrendParams } from './trend-params';
import { trendRows, trendTargets } from './trend-rows';

const dev = (id: string, kind: string, area: string, signals: string[]): Device =>
  ({
    id,
    name: id,
    kind,
    area,
    location: '',
    signals: signals.map((key) => ({ key, unit: 'psi' })),
  }) as unknown as Device;

const FLEET = [
  dev('p1', 'pressure', 'line-1', ['pressure']),
  dev('p2', 'pressure', 'line-2', ['pressure', 'temperature']),
  dev('t1', 'temperature', 'line-1', ['temperature']),
];

const T0 = 1_700_000_000_000;
const ramp = (perMin: number) => {
  const ts = Array.from({ length: 60 }, (_, i) => T0 + i * 10_000);
  return { ts, value: ts.map((t) => 10 + ((t - T0) / 60_000) * perMin) };
};

describe('trend targets', () => {
  it('selects by kind, area, picked devices and signal', () => {
    const p = defaultTrendParams();
    expect(trendTargets(FLEET, p).map((t) => t.series)).toEqual([
      'p1/pressure',
      'p2/pressure',
      'p2/temperature',
      't1/temperature',
    ]);
    expect(trendTargets(FLEET, { ...p, kind: 'pressure' }).map((t) => t.series)).toHaveLength(3);
    expect(trendTargets(FLEET, { ...p, area: 'line-1' }).map((t) => t.series)).toEqual([
      'p1/pressure',
      't1/temperature',
    ]);
    expect(trendTargets(FLEET, { ...p, devices: ['p2'], signal: 'temperature' }).map((t) => t.series)).toEqual([
      'p2/temperature',
    ]);
  });
});

describe('trend rows', () => {
  const targets = trendTargets(FLEET, defaultTrendParams());
  const points = new Map([
    ['p1/pressure', ramp(-2)],
    ['p2/pressure', ramp(5)],
    ['p2/temperature', ramp(0.5)],
  ]);
  const window = { from: T0, to: T0 + 600_000 };

  it('puts the fastest rising first and too little data last', () => {
    const rows = trendRows(targets, points, window, 'rate', true);
    expect(rows.map((r) => r.series)).toEqual(['p2/pressure', 'p2/temperature', 'p1/pressure', 't1/temperature']);
    expect(rows.at(-1)!.fit.state).toBe('too-little');
    const asc = trendRows(targets, points, window, 'rate', false);
    expect(asc.map((r) => r.series)).toEqual(['p1/pressure', 'p2/temperature', 'p2/pressure', 't1/temperature']);
  });

  it('sorts by direction, rising first', () => {
    const rows = trendRows(targets, points, window, 'direction', true);
    expect(rows.map((r) => (r.fit.state === 'ok' ? r.fit.direction : 'none'))).toEqual([
      'rising',
      'rising',
      'falling',
      'none',
    ]);
  });
});
