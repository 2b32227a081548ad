// The labelling layer of a history chart: draws the labels (shaded ranges), the alarms (lines
// at their raise time) and corrected values, and turns the pointer into labelling gestures.
//
// Decision: a plain drag across the plot selects a time range to label; the wheel zooms,
// shift-drag pans, and the slider under the chart does both (the inside zoom's drag-to-pan
// needs shift, history-option.ts). ECharts' brush was the other way; it costs bundle, draws
// its own toolbox, and a brushed range must still be translated and cleared by hand, while a
// drag layer on zrender's pointer events is a few lines and leaves zoom and pan as they were.
// A press that does not move (< 6 px) is a click, left to ECharts: on an anomaly pin, an alarm
// line or a label it opens the label popover for that thing.
//
// Keyboard: the chart takes the focus (Tab; a focus ring shows it), and L opens the label form
// for the range in view — the zoom window, or the whole range — the same form as a drag, so its
// keys (1–6, Enter, Escape) work as they do there; to label less, zoom first (wheel or slider).
// L is no view key (use-navigation.ts), and the form keeps every key it handles to itself.
import { useEffect, useRef, type RefObject } from 'react';
import type { Annotation } from '../../../shared/contract/annotations';
import type { Anomaly } from '../../../shared/contract/detection';
import type { ChartInstance } from './echarts';
import { HISTORY_GRID, type TimeWindow } from './history-option';
import {
  alarmMarkLine,
  LABEL_SERIES_IDS,
  labelMarkArea,
  pendingArea,
  readLabelColors,
  type AlarmMark,
} from './label-marks';

/** Where on the chart's box a gesture ended, in px from its top-left corner. */
export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartLabelLayer {
  /** The labels this chart shows (labelsOnChart); keep the identity stable. */
  labels: readonly Annotation[];
  alarms: readonly AlarmMark[];
  /** Corrected values as [ts, value | null] (correctedData). */
  corrected: readonly (number | null)[][];
  /** The range a label is being made for while its form is open, outlined. */
  pending: TimeWindow | null;
  onRange(range: TimeWindow, at: ChartPoint): void;
  onLabel(id: string, at: ChartPoint): void;
  onAnomaly(anomaly: Anomaly, at: ChartPoint): void;
  onAlarm(alarmId: number, at: ChartPoint): void;
}

/** The plot is this much narrower than the chart's box. */
const GRID_X_PX = HISTORY_GRID.left + HISTORY_GRID.right;

/** Fewer pixels than this between press and release is a click, not a range. */
const MIN_DRAG_PX = 6;

interface ZrEvent {
  offsetX: number;
  offsetY: number;
  event?: { shiftKey?: boolean; button?: number };
}

interface ClickParams {
  componentType?: string;
  seriesId?: string;
  data?: { labelId?: string; alarmId?: number; anomalyIndex?: number };
  event?: { offsetX: number; offsetY: number };
}

export function useLabelLayer(
  chart: RefObject<ChartInstance | null>,
  container: RefObject<HTMLElement | null>,
  layer: ChartLabelLayer | undefined,
  anomalies: readonly Anomaly[] | undefined,
  /** The marks are set again when the base option is (a new look or tone replaces the series). */
  look: unknown,
  tone: string | undefined,
): void {
  const handlers = useRef({ layer, anomalies });
  useEffect(() => {
    handlers.current = { layer, anomalies };
  });

  const labels = layer?.labels;
  const alarms = layer?.alarms;
  const corrected = layer?.corrected;
  const pending = layer?.pending;
  const on = layer !== undefined;
  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el || !on) return;
    const colors = readLabelColors(el);
    // Titles are fitted to their ranges at the zoom in view, so they are set again on zoom.
    const marks = () => {
      const o = instance.getOption() as
        { xAxis?: { min?: number; max?: number }[]; dataZoom?: { start?: number; end?: number }[] } | undefined;
      const span = (o?.xAxis?.[0]?.max ?? 0) - (o?.xAxis?.[0]?.min ?? 0);
      const zoom = o?.dataZoom?.[0];
      const inView = (span * ((zoom?.end ?? 100) - (zoom?.start ?? 0))) / 100;
      const pxPerMs = inView > 0 ? (instance.getWidth() - GRID_X_PX) / inView : 0;
      const minWidthMs = inView > 0 ? inView / 150 : 0;
      const area = labelMarkArea(labels ?? [], colors, minWidthMs, pxPerMs);
      return {
        id: LABEL_SERIES_IDS.labels,
        markArea: pending ? { ...area, data: [...area.data, pendingArea(pending, colors, minWidthMs)] } : area,
        markLine: alarmMarkLine(alarms ?? [], colors),
      };
    };
    instance.setOption(
      { series: [marks(), { id: LABEL_SERIES_IDS.corrected, data: (corrected ?? []) as (number | null)[][] }] },
      { lazyUpdate: true, silent: true },
    );
    let frame = 0;
    const onZoom = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!instance.isDisposed()) instance.setOption({ series: [marks()] }, { lazyUpdate: true, silent: true });
      });
    };
    instance.on('datazoom', onZoom);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      if (!instance.isDisposed()) instance.off('datazoom', onZoom);
    };
  }, [chart, container, on, labels, alarms, corrected, pending, look, tone]);

  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el || !on) return;
    const zr = instance.getZr();
    const band = document.createElement('div');
    band.className = 'label-drag-band';
    band.setAttribute('data-testid', 'label-drag-band');
    band.hidden = true;
    el.appendChild(band);
    let start: ZrEvent | null = null;
    let dragging = false;

    // Focusable, and says which key labels (screen readers read aria-keyshortcuts).
    el.setAttribute('tabindex', '0');
    el.setAttribute('aria-keyshortcuts', 'L');
    el.classList.add('labelling-chart');
    const inPlot = (x: number, y: number) => instance.containPixel({ gridIndex: 0 }, [x, y]);
    const timeAt = (x: number) => Number(instance.convertFromPixel({ xAxisIndex: 0 }, x));
    const show = (a: number, b: number) => {
      band.hidden = false;
      band.style.left = `${Math.min(a, b)}px`;
      band.style.width = `${Math.abs(b - a)}px`;
      band.style.top = `${HISTORY_GRID.top}px`;
      band.style.height = `${Math.max(0, instance.getHeight() - HISTORY_GRID.top - HISTORY_GRID.bottom)}px`;
    };
    const down = (e: ZrEvent) => {
      if (e.event?.shiftKey || (e.event?.button ?? 0) !== 0 || !inPlot(e.offsetX, e.offsetY)) return;
      start = e;
      dragging = false;
    };
    const move = (e: ZrEvent) => {
      if (!start) return;
      if (!dragging && Math.abs(e.offsetX - start.offsetX) < MIN_DRAG_PX) return;
      dragging = true;
      show(start.offsetX, e.offsetX);
    };
    const up = (e: ZrEvent) => {
      const s = start;
      start = null;
      band.hidden = true;
      if (!s || !dragging) return;
      dragging = false;
      const a = timeAt(s.offsetX);
      const b = timeAt(e.offsetX);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return;
      handlers.current.layer?.onRange(
        { from: Math.round(Math.min(a, b)), to: Math.round(Math.max(a, b)) },
        { x: (s.offsetX + e.offsetX) / 2, y: Math.min(s.offsetY, e.offsetY) },
      );
    };
    const click = (raw: unknown) => {
      const p = raw as ClickParams;
      const h = handlers.current;
      const at = { x: p.event?.offsetX ?? 0, y: p.event?.offsetY ?? 0 };
      if (!h.layer) return;
      if (p.componentType === 'markArea' && p.data?.labelId) h.layer.onLabel(p.data.labelId, at);
      else if (p.componentType === 'markLine' && typeof p.data?.alarmId === 'number')
        h.layer.onAlarm(p.data.alarmId, at);
      else if (p.componentType === 'markPoint' && typeof p.data?.anomalyIndex === 'number') {
        const a = h.anomalies?.[p.data.anomalyIndex];
        if (a) h.layer.onAnomaly(a, at);
      }
    };
    const key = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'l' || event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      // The plot's left and right edges, in time: the window in view.
      const left = HISTORY_GRID.left;
      const right = instance.getWidth() - HISTORY_GRID.right;
      const a = timeAt(left);
      const b = timeAt(right);
      if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) return;
      event.preventDefault();
      handlers.current.layer?.onRange(
        { from: Math.round(a), to: Math.round(b) },
        { x: (left + right) / 2, y: HISTORY_GRID.top },
      );
    };
    el.addEventListener('keydown', key);
    zr.on('mousedown', down);
    zr.on('mousemove', move);
    zr.on('mouseup', up);
    zr.on('globalout', () => {
      start = null;
      band.hidden = true;
    });
    instance.on('click', click);
    return () => {
      band.remove();
      el.removeEventListener('keydown', key);
      el.removeAttribute('tabindex');
      el.removeAttribute('aria-keyshortcuts');
      el.classList.remove('labelling-chart');
      if (instance.isDisposed()) return;
      zr.off('mousedown', down);
      zr.off('mousemove', move);
      zr.off('mouseup', up);
      zr.off('globalout');
      instance.off('click', click);
    };
  }, [chart, container, on]);
}
