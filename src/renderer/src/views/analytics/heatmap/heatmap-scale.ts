// The heatmap's colour scale and layout, pure so they are unit-tested (heatmap-scale.test.ts).
// Colours are the theme's (heatmap.css names them from theme.css's variables): a signal runs
// from a dark to a light grey (ISA-101: a value is not an alarm); alarm counts run from the
// panel colour at zero through caution to the alarm colour at the most alarms.

export type Rgb = readonly [number, number, number];

/** '#rgb', '#rrggbb' or 'rgb(a)(r, g, b…)' as [r, g, b]; null for anything else. */
export function parseColor(css: string): Rgb | null {
  const s = css.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

/** A colour at t ∈ [0, 1] along evenly spaced stops, as an [r, g, b] triple. */
export function rampAt(stops: readonly Rgb[], t: number): Rgb {
  if (stops.length === 1 || !(t > 0)) return stops[0]!;
  if (t >= 1) return stops[stops.length - 1]!;
  const x = t * (stops.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Where a value sits on the scale, 0…1 (a flat matrix sits at the calm end: nothing stands out). */
export function scalePosition(v: number, min: number, max: number): number {
  if (max <= min) return 0;
  return Math.min(1, Math.max(0, (v - min) / (max - min)));
}

export interface Band {
  /** Pixel start of each band (n + 1 edges, the last the end), integers so cells never seam. */
  edges: number[];
}

/** n bands over [start, start + length), on whole pixels. */
export function bands(n: number, start: number, length: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= n; i++) edges.push(Math.round(start + (i * length) / Math.max(1, n)));
  return edges;
}

/** Which band a pixel falls in, or -1 outside. */
export function bandAt(edges: readonly number[], px: number): number {
  if (edges.length < 2 || px < edges[0]! || px >= edges[edges.length - 1]!) return -1;
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= px) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every how many labels one is drawn so that labels `size` px apart need `needed` px each. */
export function labelStep(size: number, needed: number): number {
  return size >= needed ? 1 : Math.ceil(needed / Math.max(size, 0.01));
}
