// Paints the heatmap on a 2D canvas: the title and range on top (so an exported PNG carries
// them), device names down the left, bucket times along the bottom, the colour scale with its
// ends at the bottom right, and the cells — 10⁵ of them in one pass over an ImageData, a few
// milliseconds. Why a canvas and not an ECharts series: HeatmapChart.tsx says. Returns the
// cells' pixel bands for hover and click.
import type { Heatmap } from '../../../../../shared/contract/analytics';
import { heatmapTitle, rangeText } from './heatmap-rows';
import { bands, labelStep, parseColor, rampAt, scalePosition, type Rgb } from './heatmap-scale';

export interface HeatmapColors {
  panel: string;
  empty: string;
  text: string;
  axis: string;
  /** The scale's stops, low to high. */
  ramp: string[];
}

export function readHeatmapColors(el: HTMLElement, alarms: boolean): HeatmapColors {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    panel: v('--heatmap-panel'),
    empty: v('--heatmap-empty'),
    text: v('--heatmap-text'),
    axis: v('--heatmap-axis'),
    ramp: alarms
      ? [v('--heatmap-alarm-low'), v('--heatmap-alarm-mid'), v('--heatmap-alarm-high')]
      : [v('--heatmap-low'), v('--heatmap-high')],
  };
}

export interface HeatmapLayout {
  /** Pixel edges (CSS px) of the bucket columns and the device rows. */
  x: number[];
  y: number[];
}

export interface PaintInput {
  heatmap: Heatmap;
  order: readonly number[];
  colors: HeatmapColors;
  width: number;
  height: number;
  pixelRatio: number;
  formatTime(ts: number): string;
  formatValue(v: number): string;
  font: string;
}

const TOP = 52;
const BOTTOM = 46;
const RIGHT = 12;

/** Any CSS colour as [r, g, b], normalised by the canvas itself (names, hsl(), …). */
function rgbOf(ctx: CanvasRenderingContext2D, css: string): Rgb {
  ctx.fillStyle = '#000';
  ctx.fillStyle = css || '#000';
  return parseColor(String(ctx.fillStyle)) ?? [0, 0, 0];
}

export function paintHeatmap(canvas: HTMLCanvasElement, p: PaintInput): HeatmapLayout {
  const { heatmap: h, order, colors, width, height, pixelRatio: r } = p;
  canvas.width = Math.max(1, Math.round(width * r));
  canvas.height = Math.max(1, Math.round(height * r));
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(r, 0, 0, r, 0, 0);
  ctx.fillStyle = colors.panel;
  ctx.fillRect(0, 0, width, height);

  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = colors.text;
  ctx.font = `600 14px ${p.font}`;
  ctx.fillText(heatmapTitle(h), 10, 20);
  ctx.fillStyle = colors.axis;
  ctx.font = `12px ${p.font}`;
  ctx.fillText(rangeText(h.from, h.to), 10, 38);

  const names = order.map((d) => h.names[d] ?? h.devices[d]!);
  const labelWidth = Math.min(
    Math.max(...names.map((n) => ctx.measureText(n).width), 40) + 12,
    Math.max(60, width * 0.28),
  );
  const left = Math.round(labelWidth);
  const plotW = Math.max(1, width - left - RIGHT);
  const plotH = Math.max(1, height - TOP - BOTTOM);
  const x = bands(h.buckets.length, left, plotW);
  const y = bands(order.length, TOP, plotH);

  // Cells: one ImageData in device pixels, each cell a block.
  const ramp = colors.ramp.map((c) => rgbOf(ctx, c));
  const empty = rgbOf(ctx, colors.empty);
  const min = h.measure === 'alarms' ? 0 : (h.min ?? 0);
  const max = h.max ?? min;
  const px = (v: number) => Math.round(v * r);
  const x0 = px(left);
  const y0 = px(TOP);
  const image = ctx.createImageData(Math.max(1, px(left + plotW) - x0), Math.max(1, px(TOP + plotH) - y0));
  const data = image.data;
  const n = h.buckets.length;
  for (let row = 0; row < order.length; row++) {
    const top = px(y[row]!) - y0;
    const bottom = px(y[row + 1]!) - y0;
    const base = order[row]! * n;
    for (let b = 0; b < n; b++) {
      const v = h.values[base + b];
      const c = v === null || v === undefined ? empty : rampAt(ramp, scalePosition(v, min, max));
      const start = px(x[b]!) - x0;
      const end = px(x[b + 1]!) - x0;
      for (let yy = top; yy < bottom; yy++) {
        let i = (yy * image.width + start) * 4;
        for (let xx = start; xx < end; xx++, i += 4) {
          data[i] = c[0];
          data[i + 1] = c[1];
          data[i + 2] = c[2];
          data[i + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(image, x0, y0);

  // Device names, as many as fit.
  ctx.font = `12px ${p.font}`;
  ctx.fillStyle = colors.text;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const rowStep = labelStep(plotH / Math.max(1, order.length), 13);
  for (let row = 0; row < order.length; row += rowStep) {
    ctx.fillText(names[row]!, left - 6, (y[row]! + y[row + 1]!) / 2, left - 10);
  }

  // Bucket times along the bottom, as many as fit.
  ctx.fillStyle = colors.axis;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  const sample = ctx.measureText(p.formatTime(h.buckets[0] ?? 0)).width + 16;
  const colStep = labelStep(plotW / Math.max(1, n), sample);
  for (let b = 0; b < n; b += colStep) {
    ctx.fillRect(x[b]!, TOP + plotH, 1, 4);
    if (x[b]! + sample - 16 <= left + plotW) ctx.fillText(p.formatTime(h.buckets[b]!), x[b]!, TOP + plotH + 6);
  }

  // The scale: a gradient with its two ends labelled.
  const scaleW = Math.min(160, plotW / 3);
  const sx = left + plotW - scaleW;
  const sy = height - 14;
  const gradient = ctx.createLinearGradient(sx, 0, sx + scaleW, 0);
  colors.ramp.forEach((c, i) => gradient.addColorStop(i / Math.max(1, colors.ramp.length - 1), c || '#000'));
  ctx.fillStyle = gradient;
  ctx.fillRect(sx, sy, scaleW, 8);
  ctx.fillStyle = colors.axis;
  ctx.textBaseline = 'middle';
  const unit = h.unit ? ` ${h.unit}` : '';
  const label = (v: number) =>
    h.measure === 'alarms' ? `${Math.round(v)} alarm${Math.round(v) === 1 ? '' : 's'}` : `${p.formatValue(v)}${unit}`;
  ctx.textAlign = 'right';
  ctx.fillText(label(min), sx - 6, sy + 4);
  ctx.fillText(label(max), sx + scaleW, sy - 8);
  return { x, y };
}
