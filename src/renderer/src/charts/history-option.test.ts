// What the history chart draws: a min/max band only where data was downsampled, the alarm
// limits as labelled lines, the normal band, gaps as gaps, and an empty range as empty.
import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts/charts';
import {
  SERIES_IDS,
  historyBaseOption,
  historyDataOption,
  historySeriesData,
  niceRange,
  tooltipFormatter,
  type HistoryColors,
  type HistoryLook,
} from './history-option';
import { EMPTY_POINTS, type HistoryPoints } from './history-points';
import { LABEL_SERIES_IDS } from './label-marks';

const LABELLED = [LABEL_SERIES_IDS.labels, LABEL_SERIES_IDS.greyed, LABEL_SERIES_IDS.corrected];

const colors: HistoryColors = {
  line: 'green',
  band: 'lightgreen',
  limit: 'orange',
  critical: 'red',
  normal: 'teal',
  axis: 'grey',
  text: 'white',
  panel: 'black',
};
const look = (over: Partial<HistoryLook> = {}): HistoryLook => ({
  name: 'temperature',
  unit: 'celsius',
  limits: { lo: 15, hi: 85, hiHi: 95 },
  normal: [20, 80],
  downsampled: false,
  ...over,
});
const seriesOf = (o: ReturnType<typeof historyBaseOption>) => o.series as LineSeriesOption[];
const ids = (o: ReturnType<typeof historyBaseOption>) => seriesOf(o).map((s) => s.id);

const bucketed: HistoryPoints = {
  bucketMs: 60_000,
  ts: [0, 60_000, 120_000],
  value: [50, 52, 51],
  min: [45, 48, 40],
  max: [55, 60, 58],
  count: [30, 30, 30],
};

describe('history base option', () => {
  it('has a min/max band only when the data is downsampled', () => {
    expect(ids(historyBaseOption(look({ downsampled: false }), colors))).toEqual([SERIES_IDS.avg, ...LABELLED]);
    const banded = historyBaseOption(look({ downsampled: true }), colors);
    expect(ids(banded)).toEqual([SERIES_IDS.avg, SERIES_IDS.bandBase, SERIES_IDS.bandRange, ...LABELLED]);
    const [, base, range] = seriesOf(banded);
    expect(base!.stack).toBe(range!.stack);
    expect(range!.stackStrategy).toBe('all');
    expect(range!.areaStyle).toBeDefined();
  });

  it('draws every configured alarm limit as a labelled line', () => {
    const avg = seriesOf(historyBaseOption(look(), colors))[0]!;
    const lines = avg.markLine!.data as { name: string; yAxis: number; label: { formatter: string } }[];
    expect(lines.map((l) => [l.name, l.yAxis])).toEqual([
      ['HiHi', 95],
      ['Hi', 85],
      ['Lo', 15],
    ]);
    expect(lines[1]!.label.formatter).toBe('Hi 85.0');
  });

  it('shades the normal band when the registry has one, and not otherwise', () => {
    const withBand = seriesOf(historyBaseOption(look(), colors))[0]!;
    expect(withBand.markArea?.data).toEqual([[{ name: 'normal', yAxis: 20 }, { yAxis: 80 }]]);
    const without = seriesOf(historyBaseOption(look({ normal: undefined, limits: {} }), colors))[0]!;
    expect(without.markArea).toBeUndefined();
    expect(without.markLine!.data).toEqual([]);
  });

  it('zooms inside the chart and with a slider', () => {
    const dz = historyBaseOption(look(), colors).dataZoom as { type: string }[];
    expect(dz.map((d) => d.type)).toEqual(['inside', 'slider']);
  });
});

describe('history data', () => {
  it('stacks the band as min plus (max - min)', () => {
    const d = historySeriesData(bucketed, Infinity, true);
    expect(d.bandBase.map((p) => p[1])).toEqual([45, 48, 40]);
    expect(d.bandRange.map((p) => p[1])).toEqual([10, 12, 18]);
    expect(d.avg[0]).toEqual([0, 50, 45, 55, 30]);
  });

  it('breaks the line across a gap instead of drawing a ramp through an outage', () => {
    const p: HistoryPoints = { ...EMPTY_POINTS, ts: [0, 1000, 100_000], value: [1, 2, 3], min: [], max: [], count: [] };
    const d = historySeriesData(p, 30_000, false);
    expect(d.avg.map((x) => x[1])).toEqual([1, 2, null, 3]);
    expect(d.bandBase).toEqual([]);
  });

  it('sends band data only when downsampled, and fits the value axis to data and near limits', () => {
    const o = historyDataOption(
      bucketed,
      look({ downsampled: true }),
      { from: 0, to: 180_000 },
      { from: 0, to: 180_000 },
      Infinity,
    );
    const series = o.series as { id: string }[];
    expect(series.map((s) => s.id)).toEqual([
      SERIES_IDS.avg,
      SERIES_IDS.bandBase,
      SERIES_IDS.bandRange,
      LABEL_SERIES_IDS.greyed,
    ]);
    const y = o.yAxis as { min: number; max: number };
    expect(y.min).toBeLessThan(40);
    expect(y.max).toBeGreaterThan(60);
    expect(o.xAxis).toEqual({ min: 0, max: 180_000 });

    const raw = historyDataOption(
      { ...bucketed, bucketMs: 0 },
      look(),
      { from: 0, to: 1 },
      { from: 0, to: 1 },
      Infinity,
    );
    expect((raw.series as { id: string }[]).map((s) => s.id)).toEqual([SERIES_IDS.avg, LABEL_SERIES_IDS.greyed]);
  });

  it('leaves an empty range empty: no points, value axis automatic', () => {
    const o = historyDataOption(EMPTY_POINTS, look(), { from: 0, to: 1000 }, { from: 0, to: 1000 }, Infinity);
    const [avg] = o.series as { data: unknown[] }[];
    expect(avg!.data).toEqual([]);
    expect(o.yAxis).toEqual({ min: undefined, max: undefined });
    expect(o.xAxis).toEqual({ min: 0, max: 1000 });
  });
});

describe('value axis range', () => {
  it('widens to round numbers around the data', () => {
    expect(niceRange(44.437599999999996, 52.3024)).toEqual({ min: 44, max: 54 });
    expect(niceRange(9.0712, 95.0388)).toEqual({ min: 0, max: 100 });
    expect(niceRange(0.1234, 0.1876)).toEqual({ min: 0.12, max: 0.2 });
  });

  it('leaves a flat or broken range alone', () => {
    expect(niceRange(5, 5)).toEqual({ min: 5, max: 5 });
  });
});

describe('tooltip in a zoomed window', () => {
  // The chart is handed a point beyond each edge of the window (visible-points.ts) and the axis
  // tooltip snaps to the nearest point: a window with no data of its own must show no tooltip.
  const zoom = { from: 100_000, to: 110_000 };
  const params = (ts: number) => [{ seriesId: SERIES_IDS.avg, data: [ts, 42, 42, 42, 1] }];

  it('shows nothing for a point outside the window in view', () => {
    const format = tooltipFormatter('psi', () => zoom);
    expect(format(params(95_000))).toBe('');
    expect(format(params(115_000))).toBe('');
  });

  it('shows a point inside it, with its value and unit', () => {
    const format = tooltipFormatter('psi', () => zoom);
    expect(format(params(105_000))).toContain('42.0 psi');
  });

  it('follows the window as it moves (read when shown)', () => {
    let view = zoom;
    const format = tooltipFormatter('psi', () => view);
    expect(format(params(125_000))).toBe('');
    view = { from: 120_000, to: 130_000 };
    expect(format(params(125_000))).toContain('42.0 psi');
  });
});
