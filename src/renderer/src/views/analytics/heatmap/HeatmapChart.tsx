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
  const [focus, setFocus] = useState<{
    b: number;
    row: number;
    box: { left: number; top: number; width: number; height: number };
  } | null>(null);
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
    // A new layout: a focused cell's box and a tooltip would point at the old one.
    setFocus(null);
    setHover(null);
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

  const describe = (b: number, d: number): Hover['lines'] => {
    const start = heatmap.buckets[b]!;
    const v = heatmap.values[d * heatmap.buckets.length + b];
    const unit = heatmap.unit ? ` ${heatmap.unit}` : '';
    const value =
      v === null || v === undefined
        ? 'no data'
        : heatmap.measure === 'alarms'
          ? `${v} alarm${v === 1 ? '' : 's'}`
          : `${formatValue(v)}${unit} average`;
    return [
      `${heatmap.names[d]} (${heatmap.devices[d]})`,
      `${formatTime(start)} – ${formatTime(start + heatmap.bucketMs)}`,
      value,
    ];
  };

  const onMove = (e: React.MouseEvent) => {
    const cell = cellAt(e);
    if (!cell) return setHover(null);
    setHover({ left: cell.left, top: cell.top, lines: describe(cell.b, cell.d) });
  };

  // The keyboard reaches every cell too: arrows move, Home/End go to the row's ends, Enter opens.
  const showFocus = (b: number, row: number) => {
    const l = layout.current;
    const d = order[row];
    if (!l || d === undefined || heatmap.buckets[b] === undefined) return;
    const box = { left: l.x[b]!, top: l.y[row]!, width: l.x[b + 1]! - l.x[b]!, height: l.y[row + 1]! - l.y[row]! };
    setFocus({ b, row, box });
    setHover({ left: (l.x[b]! + l.x[b + 1]!) / 2, top: (l.y[row]! + l.y[row + 1]!) / 2, lines: describe(b, d) });
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const n = heatmap.buckets.length;
    const at = focus ?? { b: n - 1, row: 0 };
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [Math.max(0, at.b - 1), at.row],
      ArrowRight: [Math.min(n - 1, at.b + 1), at.row],
      ArrowUp: [at.b, Math.max(0, at.row - 1)],
      ArrowDown: [at.b, Math.min(order.length - 1, at.row + 1)],
      Home: [0, at.row],
      End: [n - 1, at.row],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      showFocus(move[0], move[1]);
    } else if (e.key === 'Enter' && focus) {
      e.preventDefault();
      onCell(heatmap.devices[order[focus.row]!]!, heatmap.buckets[focus.b]! + heatmap.bucketMs / 2);
    }
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
        aria-label={`Heatmap of ${order.length} devices by ${heatmap.bucket}; point at a cell or move with the arrow keys for its value, click it or press Enter to open the device at that time`}
        tabIndex={0}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          // Only the keyboard's focus marks a cell; a click focuses too, and its cell is the pointer's.
          if (e.currentTarget.matches(':focus-visible'))
            showFocus(focus?.b ?? heatmap.buckets.length - 1, focus?.row ?? 0);
        }}
        onBlur={() => setHover(null)}
      />
      {focus && hover && <div className="heatmap-focus" aria-hidden="true" style={focus.box} />}
      {hover && (
        <div
          className="heatmap-tooltip"
          role="tooltip"
          aria-live="polite"
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
