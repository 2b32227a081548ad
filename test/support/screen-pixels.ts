// Reads a screenshot's pixels for the theme test (issue 16, ISA-101): the PNG is decoded by
// Chromium itself (an <img> drawn on a canvas in a blank page), so no PNG decoder is needed in
// Node. What it measures, over the whole picture or a box of it:
//   - `lowShare`: the share of pixels at low saturation. A pixel is low when its HSV saturation
//     (max − min) / max is below 0.25, or — for dark pixels, where a step of one in a channel
//     already makes S large — its chroma (max − min) / 255 is below 0.08.
//   - `near`: pixels within a distance (RGB, Euclidean) of a colour, and `bandRows`: the rows in
//     which such pixels cover at least half the box's width (a block of that colour, not specks).
//   - the luminance of the darkest and the lightest pixel.
import type { Page } from 'playwright-core';

export const LOW_SATURATION = { hsvBelow: 0.25, chromaBelow: 0.08 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PixelFacts {
  pixels: number;
  lowShare: number;
  near: number;
  bandRows: number;
  /** Luminance (0–255, Rec. 709 weights) of the darkest and the lightest pixel. */
  darkest: number;
  lightest: number;
}

/** `page`: any page of the browser (a blank one is best); `box` in CSS pixels at scale 1. */
export async function pixelFacts(
  page: Page,
  png: Buffer,
  { box, color, distance = 40 }: { box?: Box; color?: [number, number, number]; distance?: number } = {},
): Promise<PixelFacts> {
  const args = JSON.stringify({
    src: `data:image/png;base64,${png.toString('base64')}`,
    box,
    color,
    distance,
    LOW_SATURATION,
  });
  // A string, so that the page's DOM types stay out of the Node test's compilation.
  return page.evaluate(`(async ({ src, box, color, distance, LOW_SATURATION }) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const b = box ?? { x: 0, y: 0, width: img.naturalWidth, height: img.naturalHeight };
    const x0 = Math.max(0, Math.round(b.x)), y0 = Math.max(0, Math.round(b.y));
    const w = Math.min(img.naturalWidth - x0, Math.round(b.width)), h = Math.min(img.naturalHeight - y0, Math.round(b.height));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.drawImage(img, -x0, -y0);
    const d = g.getImageData(0, 0, w, h).data;
    let low = 0, near = 0, bandRows = 0, darkest = 255, lightest = 0;
    for (let y = 0; y < h; y++) {
      let rowNear = 0;
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4, r = d[i], gr = d[i + 1], bl = d[i + 2];
        const max = Math.max(r, gr, bl), min = Math.min(r, gr, bl);
        const s = max === 0 ? 0 : (max - min) / max;
        const l = 0.2126 * r + 0.7152 * gr + 0.0722 * bl;
        if (l < darkest) darkest = l;
        if (l > lightest) lightest = l;
        if (s < LOW_SATURATION.hsvBelow || (max - min) / 255 < LOW_SATURATION.chromaBelow) low++;
        if (color && Math.hypot(r - color[0], gr - color[1], bl - color[2]) <= distance) { near++; rowNear++; }
      }
      if (rowNear >= w / 2) bandRows++;
    }
    return { pixels: w * h, lowShare: low / (w * h), near, bandRows, darkest, lightest };
  })(${args})`);
}

/** "#f08c00" or "rgb(240, 140, 0)" as [r, g, b]. */
export function rgbOf(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour: ${css}`);
}
