// ECharts, registered piece by piece: the line chart, grid, mark lines and areas, zoom
// (inside and slider) and the tooltip on a canvas renderer, which keeps the bundle a
// fraction of the full build.
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
// Renamed: the linter would take a bare `use` for React's hook.
import { init, use as registerEchartsParts, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

registerEchartsParts([
  LineChart,
  GridComponent,
  MarkLineComponent,
  MarkAreaComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
  | DataZoomComponentOption
  | TooltipComponentOption
>;
export type ChartInstance = EChartsType;

export function createChart(container: HTMLElement): ChartInstance {
  return init(container, undefined, { renderer: 'canvas' });
}
