// The page the chart-zoom benchmark loads in Chromium: one history chart, as the Device view
// draws it (history-option.ts's base and data options on the ECharts build the app uses), with
// N raw points in view, and a `step` that does what a zoom or pan step does in the app — the
// dataZoom action, then on the next frame a redraw with the value axis fitted to the window —
// and resolves when ECharts has drawn that frame. `downsample` chooses the draw: all points
// (main's code before visible-points.ts) or the window in view reduced with M4 (after).
// The benchmark bundles this file twice: against main's history-option.ts ("before") and this
// tree's ("after").
import { createChart } from '../../../src/renderer/src/charts/echarts';
import { historyBaseOption, historyDataOption } from '../../../src/renderer/src/charts/history-option';
import type { HistoryPoints } from '../../../src/renderer/src/charts/history-points';
import { visiblePoints } from '../../../src/renderer/src/charts/visible-points';

interface Bench {
  phases: number[][];
  setup(points: number, downsample: boolean): void;
  step(start: number, end: number): Promise<number>;
}

const look = {
  name: 'vibration',
  unit: 'hz',
  limits: { hi: 120 },
  normal: [0, 100] as [number, number],
  downsampled: false,
};
const colors = {
  line: '#3fbf8f',
  band: 'rgba(63,191,143,0.22)',
  limit: '#d9a53a',
  critical: '#ff4f4f',
  normal: 'rgba(63,191,143,0.06)',
  axis: '#93a1b1',
  text: '#e6edf3',
  panel: '#141a22',
};

let draw: (view: { from: number; to: number }) => void = () => {};
let chart: ReturnType<typeof createChart> | null = null;
let axis = { from: 0, to: 0 };
/** Per step: the zoom action, the wait for the next frame, the redraw's own work (ms). */
const phases: number[][] = [];

const bench: Bench = {
  phases,
  setup(n, downsample) {
    const el = document.getElementById('chart')!;
    chart = createChart(el);
    // One reading a second ending now; a slow wave, noise, and a spike every ~7,000 readings.
    const end = Date.now();
    const ts = new Array<number>(n);
    const value = new Array<number>(n);
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let i = 0; i < n; i++) {
      ts[i] = end - (n - i) * 1000;
      value[i] = 60 + 25 * Math.sin(i / 900) + 4 * rand() + (i % 7001 === 0 ? 70 : 0);
    }
    const points: HistoryPoints = { bucketMs: 0, ts, value, min: value, max: value, count: value.map(() => 1) };
    axis = { from: ts[0]!, to: ts[n - 1]! };
    chart.setOption(historyBaseOption(look, colors), { replaceMerge: ['series'], silent: true });
    draw = (view) => {
      const shown = downsample ? visiblePoints(points, view, chart!.getWidth() - 76) : points;
      chart!.setOption(historyDataOption(shown, look, axis, view, 5000), { lazyUpdate: true, silent: true });
    };
    draw(axis);
  },
  step(start, end) {
    const c = chart!;
    const t0 = performance.now();
    return new Promise<number>((resolve) => {
      const done = () => {
        c.off('finished', done);
        resolve(performance.now() - t0);
      };
      c.dispatchAction({ type: 'dataZoom', dataZoomId: 'inside', start, end });
      const t1 = performance.now();
      requestAnimationFrame(() => {
        const t2 = performance.now();
        const span = axis.to - axis.from;
        c.on('finished', done);
        draw({ from: axis.from + (span * start) / 100, to: axis.from + (span * end) / 100 });
        phases.push([t1 - t0, t2 - t1, performance.now() - t2]);
      });
    });
  },
};

(window as unknown as { bench: Bench }).bench = bench;
