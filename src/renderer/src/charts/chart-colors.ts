// Chart colours come from CSS custom properties (--chart-*) on the chart's container, so the
// theme and a tile's status stay in CSS; these read them, with the dark theme as fallback.
import type { HistoryColors } from './history-option';
import type { TrendColors } from './trend-option';

function reader(el: HTMLElement) {
  const css = getComputedStyle(el);
  return (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
}

export function readTrendColors(el: HTMLElement): TrendColors {
  const v = reader(el);
  return {
    line: v('--chart-line', '#4fd1a5'),
    area: v('--chart-area', 'rgba(79, 209, 165, 0.08)'),
    limit: v('--chart-limit', '#e0a040'),
    axis: v('--chart-axis', '#7d8a99'),
  };
}

export function readHistoryColors(el: HTMLElement): HistoryColors {
  const v = reader(el);
  return {
    line: v('--chart-line', '#4fd1a5'),
    band: v('--chart-band', 'rgba(79, 209, 165, 0.22)'),
    limit: v('--chart-limit', '#d9a53a'),
    critical: v('--chart-critical', '#ff4f4f'),
    normal: v('--chart-normal', 'rgba(63, 191, 143, 0.06)'),
    axis: v('--chart-axis', '#93a1b1'),
    text: v('--chart-text', '#e6edf3'),
    panel: v('--chart-panel', '#141a22'),
  };
}
