// ECharts, registered piece by piece: the line and bar charts, legend, grid, mark lines and areas, zoom
// (inside and slider) and the tooltip on a canvas renderer, which keeps the bundle a
// fraction of the full build.
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type MarkPointComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
// Renamed: the linter would take a bare `use` for React's hook.
import { init, use as registerEchartsParts, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

registerEchartsParts([
  LineChart,
  BarChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkAreaComponent,
  MarkPointComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  TooltipComponent,
  // The title of an exported image (chart-png.ts).
  TitleComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | MarkPointComponentOption
  | DataZoomComponentOption
  | TooltipComponentOption
  | TitleComponentOption
>;
export type ChartInstance = EChartsType;

export function createChart(container: HTMLElement): ChartInstance {
  return init(container, undefined, { renderer: 'canvas' });
}
