// ECharts, registered piece by piece: only the line chart, the grid and mark lines on a
// canvas renderer, which keeps the bundle a fraction of the full build.
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  MarkLineComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
} from 'echarts/components';
// Renamed: the linter would take a bare `use` for React's hook.
import { init, use as registerEchartsParts, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

registerEchartsParts([LineChart, GridComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<LineSeriesOption | GridComponentOption | MarkLineComponentOption>;
export type ChartInstance = EChartsType;

export function createChart(container: HTMLElement): ChartInstance {
  return init(container, undefined, { renderer: 'canvas' });
}
