// Chart colours come from CSS custom properties (--chart-*, --label-*) on the chart's container,
// so the theme (app/theme.css, light or dark) and a tile's status stay in CSS; these read them.
// A property may be mixed from the theme's (color-mix), which ECharts cannot parse: each is
// resolved by the browser first and handed over as rgba(). Charts read again when the theme
// changes (EChart.tsx redraws on it). No colour is written here.
import type { HistoryColors } from './history-option';
import type { TrendColors } from './trend-option';

/** "color(srgb r g b / a)" (how Chromium gives a mixed colour) as rgba(); others as they are. */
export function echartsColor(css: string): string {
  const m = /^color\(srgb ([\d.e+-]+) ([\d.e+-]+) ([\d.e+-]+)(?: \/ ([\d.e+-]+))?\)$/.exec(css.trim());
  if (!m) return css;
  const c = (x: string) => Math.round(Math.min(1, Math.max(0, Number(x))) * 255);
  return `rgba(${c(m[1]!)}, ${c(m[2]!)}, ${c(m[3]!)}, ${m[4] ?? 1})`;
}

/**
 * Calls `read` with a reader of colour properties as seen from `el`, each resolved to a colour
 * ECharts takes; one that is not set reads as the theme's muted grey, never as nothing.
 */
export function readColors<T>(el: HTMLElement, read: (v: (name: string) => string) => T): T {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  el.appendChild(probe);
  try {
    const style = getComputedStyle(probe);
    return read((name) => {
      probe.style.color = `var(${name}, var(--muted))`;
      return echartsColor(style.color);
    });
  } finally {
    probe.remove();
  }
}

export function readTrendColors(el: HTMLElement): TrendColors {
  return readColors(el, (v) => ({
    line: v('--chart-line'),
    area: v('--chart-area'),
    limit: v('--chart-limit'),
    axis: v('--chart-axis'),
  }));
}

export function readHistoryColors(el: HTMLElement): HistoryColors {
  return readColors(el, (v) => ({
    line: v('--chart-line'),
    band: v('--chart-band'),
    limit: v('--chart-limit'),
    critical: v('--chart-critical'),
    normal: v('--chart-normal'),
    axis: v('--chart-axis'),
    text: v('--chart-text'),
    panel: v('--chart-panel'),
  }));
}
