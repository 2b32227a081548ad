// The page the trend-charts benchmark loads in Chromium: 16 live trend charts of 10 series each
// on a 1920×1080 display (a 4×4 grid), drawn by the app's own chart code — useChart and
// useLiveTrend (src/renderer/src/charts) over the app's TelemetryStore and ring buffers, under
// React as the app renders them — and fed like the engine's live stream: 160 series at 1 Hz,
// spread over the second in 100 ms batches. `start` seeds five minutes of history per series
// and starts the feed; `measure` counts frames and long tasks for a given time.
import { useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { useChart } from '../../../src/renderer/src/charts/use-chart';
import { useLiveTrend } from '../../../src/renderer/src/charts/use-live-trend';
import type { TrendSeries } from '../../../src/renderer/src/charts/trend-option';
import { LIVE_WINDOW_MS, TelemetryStore } from '../../../src/renderer/src/telemetry/telemetry-store';

const CHARTS = 16;
const SERIES = 10;
const telemetry = new TelemetryStore();

const groups: TrendSeries[][] = Array.from({ length: CHARTS }, (_, c) =>
  Array.from({ length: SERIES }, (_, s) => ({
    key: `press-${c}/signal-${s}`,
    name: `signal-${s}`,
    limits: s === 0 ? { hi: 80, lo: 20 } : undefined,
  })),
);

function TrendChart({ series }: { series: TrendSeries[] }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useChart(container);
  useLiveTrend(chart, container, telemetry, { series, windowMs: LIVE_WINDOW_MS, compact: false }, 'normal');
  return <div ref={container} className="chart" />;
}

function Grid() {
  return (
    <div className="grid">
      {groups.map((g, i) => (
        <TrendChart key={i} series={g} />
      ))}
    </div>
  );
}

const value = (c: number, s: number, t: number) => 50 + 20 * Math.sin(t / 60_000 + c + s / 3) + ((t / 1000) % 7) - 3;

let feed: ReturnType<typeof setInterval> | undefined;

const bench = {
  start(): void {
    const now = Date.now();
    // Five minutes of history per series, as the Wall's seed gives a live chart.
    telemetry.seed(
      groups.flatMap((g, c) =>
        g.map((s, k) => {
          const ts = Array.from({ length: 300 }, (_, i) => now - (300 - i) * 1000);
          const v = ts.map((t) => value(c, k, t));
          return {
            series: s.key,
            tier: 'raw' as const,
            bucketMs: 0,
            ts,
            value: v,
            min: v,
            max: v,
            count: v.map(() => 1),
          };
        }),
      ),
    );
    createRoot(document.getElementById('root')!).render(<Grid />);
    // Each series reports once a second, at its own moment: a tenth of them every 100 ms.
    let slot = 0;
    feed = setInterval(() => {
      const t = Date.now();
      const readings = [];
      for (let c = 0; c < CHARTS; c++) {
        for (let s = 0; s < SERIES; s++) {
          if ((c * SERIES + s) % 10 !== slot) continue;
          readings.push({
            deviceId: `press-${c}`,
            signal: `signal-${s}`,
            ts: t,
            value: value(c, s, t),
            quality: 'good' as const,
          });
        }
      }
      slot = (slot + 1) % 10;
      telemetry.append(readings);
    }, 100);
  },

  /** Frames and long tasks over `ms`: fps, frame-time percentiles and every task over 50 ms. */
  measure(ms: number): Promise<{
    frames: number;
    fps: number;
    p50: number;
    p95: number;
    p99: number;
    worst: number;
    longTasks: number[];
  }> {
    return new Promise((resolve) => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(Math.round(e.duration));
      });
      observer.observe({ entryTypes: ['longtask'] });
      const gaps: number[] = [];
      let last = performance.now();
      const begin = last;
      const frame = (now: number) => {
        gaps.push(now - last);
        last = now;
        if (now - begin < ms) requestAnimationFrame(frame);
        else {
          observer.disconnect();
          const sorted = [...gaps].sort((a, b) => a - b);
          const pct = (p: number) =>
            Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
          resolve({
            frames: gaps.length,
            fps: Math.round((gaps.length / ((now - begin) / 1000)) * 10) / 10,
            p50: pct(0.5),
            p95: pct(0.95),
            p99: pct(0.99),
            worst: Math.round(sorted.at(-1)! * 10) / 10,
            longTasks,
          });
        }
      };
      requestAnimationFrame(frame);
    });
  },

  stop(): void {
    if (feed) clearInterval(feed);
  },
};

(globalThis as unknown as { bench: typeof bench }).bench = bench;
