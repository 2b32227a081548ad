// The ECharts parts only the Analytics view needs — box plots, the correlation matrix's cells,
// titles and legends for exported pictures — registered when the view's chunk loads, so the
// wall's chart code stays as small as it was. Also the panels' colours (CSS custom properties of
// analytics.css, read from the panel so the theme stays in CSS) and the PNG export, drawn on an
// off-screen copy of the chart with its own option (analytics-export.ts: exportCopy).
import { BoxplotChart, HeatmapChart } from 'echarts/charts';
import { TitleComponent } from 'echarts/components';
import { init, use as registerEchartsParts } from 'echarts/core';
import type { ChartOption } from '../../charts/echarts';
import { exportCopy, type ExportTitle } from './analytics-export';

registerEchartsParts([BoxplotChart, HeatmapChart, TitleComponent]);

export interface AnalyticsColors {
  text: string;
  muted: string;
  panel: string;
  grid: string;
  /** Series colours, in turn; each series also has its own line dash and symbol (never colour alone). */
  series: string[];
  positive: string;
  negative: string;
}

export function readAnalyticsColors(el: Element): AnalyticsColors {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const series = [1, 2, 3, 4].map((i) => v(`--analytics-series-${i}`)).filter(Boolean);
  return {
    text: v('--analytics-text'),
    muted: v('--analytics-muted'),
    panel: v('--analytics-panel'),
    grid: v('--analytics-grid'),
    series: series.length ? series : [v('--analytics-text')],
    positive: v('--analytics-corr-positive'),
    negative: v('--analytics-corr-negative'),
  };
}

const DASHES = ['solid', 'dashed', 'dotted'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;

/** The look of the i-th series: colour, dash and symbol vary together so no two look alike. */
export function seriesLook(i: number, colors: AnalyticsColors) {
  return {
    color: colors.series[i % colors.series.length]!,
    dash: DASHES[Math.floor(i / colors.series.length) % DASHES.length]!,
    symbol: SYMBOLS[i % SYMBOLS.length]!,
  };
}

export interface PngExport {
  url: string;
  /** The option the picture was drawn from (its title and range are read back by tests). */
  option: ChartOption;
}

/** Draws `option` as a titled picture, off screen, and gives it as a PNG data URL. */
export function renderPng(option: ChartOption, title: ExportTitle, width = 1600, height = 900): PngExport {
  const box = document.createElement('div');
  box.style.cssText = `position:fixed;left:-${width + 100}px;top:0;width:${width}px;height:${height}px`;
  document.body.append(box);
  const chart = init(box, undefined, { renderer: 'canvas', width, height });
  try {
    const copy = exportCopy(option, title);
    chart.setOption(copy, { notMerge: true });
    return { url: chart.getDataURL({ type: 'png', pixelRatio: 1, backgroundColor: title.panel }), option: copy };
  } finally {
    chart.dispose();
    box.remove();
  }
}
