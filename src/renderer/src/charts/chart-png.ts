// A chart as an image that stands on its own (issue 16): the title (device, signal, unit) and
// the range with its zone drawn above the plot, the zoom slider and toolbox left out, and the
// same words kept in the file as PNG text. The title is set for the moment of the capture and
// the chart's own layout put back right after, so the chart on screen never changes.
import type { HistoryColors } from './history-option';
import type { ChartInstance } from './echarts';
import type { PngCaption } from './Chart';
import { dataUrlBytes, withPngText } from './png-text';

/** Room for the title and subtitle above the plot, and what the left-out slider leaves below. */
const TITLE_TOP_PX = 58;
const BOTTOM_PX = 30;

interface GridBox {
  top?: number | string;
  bottom?: number | string;
}

export function chartPng(instance: ChartInstance, colors: HistoryColors, caption?: PngCaption): Uint8Array {
  const grid = ((instance.getOption() as { grid?: GridBox[] }).grid ?? [])[0] ?? {};
  if (caption) {
    instance.setOption(
      {
        title: {
          show: true,
          text: caption.title,
          subtext: caption.subtitle,
          left: 12,
          top: 8,
          textStyle: { color: colors.text, fontSize: 15, fontWeight: 'bold' },
          subtextStyle: { color: colors.axis, fontSize: 12 },
        },
        grid: { top: TITLE_TOP_PX, bottom: BOTTOM_PX },
      },
      { silent: true },
    );
  }
  const url = instance.getDataURL({
    type: 'png',
    pixelRatio: 2,
    backgroundColor: colors.panel,
    excludeComponents: ['dataZoom', 'toolbox'],
  });
  if (caption) {
    instance.setOption(
      { title: { show: false, text: '', subtext: '' }, grid: { top: grid.top, bottom: grid.bottom } },
      { silent: true },
    );
  }
  const png = dataUrlBytes(url);
  return caption
    ? withPngText(png, { Title: caption.title, Description: caption.subtitle, Software: 'Watchfloor' })
    : png;
}
