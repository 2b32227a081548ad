// The heatmap's chart: one canvas (heatmap-paint.ts) redrawn when the matrix, the order, its size
// or the theme changes, a tooltip with device, time and value under the pointer, a click on a
// cell reported as (device, time), and the PNG for export (the canvas, title and range
// included). `data-drawn` counts finished paints, so a test or the figure's benchmark can tell
// when the chart is on screen.
//
// Why a plain canvas and not ECharts' heatmap series: 200 devices × 720 hours are 144,000 cells;
// as ECharts rectangles each is a display-list element to build, hit-test and paint, where one
// pass over an ImageData paints them in milliseconds — the figure asks for the whole heatmap in
// under a second. And registering ECharts' heatmap, visualMap or even its grid from this chunk
// changes how the bundler splits its runtime helpers, adding 0.4–0.8 kB to the Wall's first
// view, which has no room for it (docs/developer-guide.md: Bundle budget).
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import type { Heatmap } from '../../../../../shared/contract/analytics';
import { formatValue } from '../../../components/format';
import { useDisplayPrefs } from '../../../store/display-prefs';
import { paintHeatmap, readHeatmapColors, type HeatmapLayout } from './heatmap-paint';
import { bandAt } from './heatmap-scale';
import { bucketTimeFormat } from './heatmap-time';

export interface HeatmapChartHandle {
  toPng(): string | null;
}

export interface HeatmapChartProps {
  heatmap: Heatmap;
  order: readonly number[];
  onCell(deviceId: string, at: number): void;
  ref?: Ref<HeatmapChartHandle>;
}

interface Hover {
  left: number;
  top: number;
  lines: [string, string, string];
}

/** The chart's height: a readable row on a wall display, never taller than a screen. */
export function heatmapHeight(rows: number): number {
  return Math.round(Math.min(760, Math.max(280, rows * 18 + 110)));
}

export function HeatmapChart({ heatmap, order, onCell, ref }: HeatmapChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<HeatmapLayout | null>(null);
  const drawn = useRef(0);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const { theme, clock } = useDisplayPrefs();
  const height = heatmapHeight(order.length);
  const formatTime = bucketTimeFormat(heatmap.bucket, clock);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const resize = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    resize.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => resize.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    const c = canvas.current;
    if (!el || !c || width === 0) return;
    layout.current = paintHeatmap(c, {
      heatmap,
      order,
      colors: readHeatmapColors(el, heatmap.measure === 'alarms'),
      width,
      height,
      pixelRatio: window.devicePixelRatio || 1,
      formatTime,
      formatValue,
      font: getComputedStyle(el).fontFamily,
    });
    el.dataset.drawn = String(++drawn.current);
    // formatTime is made from clock; theme changes the colours read from CSS.
  }, [heatmap, order, width, height, theme, clock]); // eslint-disable-line react-hooks/exhaustive-deps

  const cellAt = (e: { clientX: number; clientY: number }) => {
    const c = canvas.current;
    const l = layout.current;
    if (!c || !l) return null;
    const rect = c.getBoundingClientRect();
    const b = bandAt(l.x, e.clientX - rect.left);
    const row = bandAt(l.y, e.clientY - rect.top);
    if (b < 0 || row < 0 || order[row] === undefined) return null;
    return { b, d: order[row]!, left: e.clientX - rect.left, top: e.clientY - rect.top };
  };

  const onMove = (e: React.MouseEvent) => {
    const cell = cellAt(e);
    if (!cell) return setHover(null);
    const start = heatmap.buckets[cell.b]!;
    const v = heatmap.values[cell.d * heatmap.buckets.length + cell.b];
    const unit = heatmap.unit ? ` ${heatmap.unit}` : '';
    const value =
      v === null || v === undefined
        ? 'no data'
        : heatmap.measure === 'alarms'
          ? `${v} alarm${v === 1 ? '' : 's'}`
          : `${formatValue(v)}${unit} average`;
    setHover({
      left: cell.left,
      top: cell.top,
      lines: [
        `${heatmap.names[cell.d]} (${heatmap.devices[cell.d]})`,
        `${formatTime(start)} – ${formatTime(start + heatmap.bucketMs)}`,
        value,
      ],
    });
  };

  const onClick = (e: React.MouseEvent) => {
    const cell = cellAt(e);
    // The middle of the bucket, so the device's window is centred on the cell clicked.
    if (cell) onCell(heatmap.devices[cell.d]!, heatmap.buckets[cell.b]! + heatmap.bucketMs / 2);
  };

  useImperativeHandle(ref, () => ({ toPng: () => canvas.current?.toDataURL('image/png') ?? null }), []);

  return (
    <div ref={box} className="heatmap-chart" style={{ height }} data-testid="heatmap-chart">
      <canvas
        ref={canvas}
        style={{ width: '100%', height }}
        role="img"
        aria-label={`Heatmap of ${order.length} devices by ${heatmap.bucket}; point at a cell for its value, click it to open the device at that time`}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={onClick}
      />
      {hover && (
        <div
          className="heatmap-tooltip"
          role="tooltip"
          data-testid="heatmap-tooltip"
          style={{ left: Math.min(hover.left + 12, Math.max(0, width - 280)), top: hover.top + 14 }}
        >
          <div>{hover.lines[0]}</div>
          <div>{hover.lines[1]}</div>
          <strong>{hover.lines[2]}</strong>
        </div>
      )}
    </div>
  );
}
