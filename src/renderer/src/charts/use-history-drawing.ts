// The history chart's drawing: queried points (a React prop, changing a few times a minute at
// most) plus, for a range that ends "now", the live tail read from the ring buffer once a
// second, never through React state. Zoom and pan are ECharts' own (inside + slider); each
// change is reported as a time window so the owner can query it at a finer tier. While
// zoomed, a live range stops sliding so the window stays where the operator put it. Each draw
// hands ECharts only the window in view (and one window either side) reduced to a few points
// per pixel column (visible-points.ts), so 100,000 raw points pan and zoom as lightly as 2,000.
// With a label layer (use-label-layer.ts), labels, alarms and corrected values are drawn too and
// bad-data stretches of the line are greyed.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { onClockTick } from '../telemetry/clock';
import type { TelemetryStore } from '../telemetry/telemetry-store';
import type { Anomaly } from '../../../shared/contract/detection';
import { anomalyMarkPoint, anomalyMarks, readAnomalyColors } from './anomaly-marks';
import { readHistoryColors } from './chart-colors';
import type { ChartInstance } from './echarts';
import {
  HISTORY_GRID,
  historyBaseOption,
  historyDataOption,
  SERIES_IDS,
  type HistoryLook,
  type TimeWindow,
} from './history-option';
import { appendTail, historyEnd, windowOf, type HistoryPoints } from './history-points';
import { badDataRanges } from './label-marks';
import { useLabelLayer, type ChartLabelLayer } from './use-label-layer';
import { visiblePoints } from './visible-points';
import { isWholeAxis, zoomPercent, zoomWindow, type DataZoomEvent, type ZoomState } from './zoom-window';

export interface HistoryView {
  /** "device/signal": the live tail is read from this series' ring buffer. */
  series: string;
  /** Keep the identity stable (useMemo): a new look re-applies the base option. */
  look: HistoryLook;
  points: HistoryPoints;
  /** The selected range: the time axis when not zoomed. */
  range: TimeWindow;
  /** The range ends "now": slide with time and append live readings. */
  live: boolean;
  /** Identifies the selected range; when it changes the zoom resets. */
  rangeKey: string;
  /** A gap between points longer than this breaks the line. */
  gapMs: number;
  /** The zoomed window, or null when the whole range is in view; called on every zoom step. */
  onZoom?: (window: TimeWindow | null) => void;
  /** Anomalies in the range, pinned on the line (keep the identity stable). */
  anomalies?: readonly Anomaly[];
  /** Labels on this chart and what the pointer does to make them (keep the identity stable). */
  labels?: ChartLabelLayer;
}

/** The plot is this much narrower than the chart's box. */
const GRID_X_PX = HISTORY_GRID.left + HISTORY_GRID.right;

interface DrawState {
  /** What the fields below describe; a new instance (remount) starts from scratch. */
  instance: ChartInstance | null;
  look: HistoryLook | null;
  tone: string | undefined;
  rangeKey: string | null;
  axis: TimeWindow;
  zoom: ZoomState | null;
  shown: HistoryPoints | null;
  /** Bad-data ranges: greyed on the line. */
  grey: readonly TimeWindow[];
  draw: (() => void) | null;
}

export interface HistoryDrawing {
  /** The points in view right now (history, spliced zoom data and live tail), for export. */
  shownPoints(): HistoryPoints | null;
  /** The time window in view right now. */
  shownWindow(): TimeWindow | null;
}

export function useHistoryDrawing(
  chart: RefObject<ChartInstance | null>,
  container: RefObject<HTMLElement | null>,
  telemetry: TelemetryStore,
  view: HistoryView | null,
  tone: string | undefined,
): HistoryDrawing {
  const state = useRef<DrawState>({
    instance: null,
    look: null,
    tone: undefined,
    rangeKey: null,
    axis: { from: 0, to: 0 },
    zoom: null,
    shown: null,
    grey: [],
    draw: null,
  });
  const onZoom = useRef<HistoryView['onZoom']>(undefined);
  useEffect(() => {
    onZoom.current = view?.onZoom;
  });

  const series = view?.series;
  const look = view?.look;
  const points = view?.points;
  const rangeFrom = view?.range.from ?? 0;
  const rangeTo = view?.range.to ?? 0;
  const live = view?.live ?? false;
  const rangeKey = view?.rangeKey;
  const gapMs = view?.gapMs ?? Infinity;

  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el || !look || !points || series === undefined || rangeKey === undefined) return;
    const s = state.current;
    if (s.instance !== instance) Object.assign(s, { instance, look: null, rangeKey: null, zoom: null, shown: null });
    if (s.look !== look || s.tone !== tone) {
      const inView = () => (s.shown ? (s.zoom && zoomWindow(s.zoom, s.axis)) || s.axis : null);
      instance.setOption(historyBaseOption(look, readHistoryColors(el), inView), {
        replaceMerge: ['series'],
        silent: true,
      });
      s.look = look;
      s.tone = tone;
    }
    if (s.rangeKey !== rangeKey) {
      s.rangeKey = rangeKey;
      s.zoom = null;
      instance.setOption(
        {
          dataZoom: [
            { id: 'inside', start: 0, end: 100 },
            { id: 'slider', start: 0, end: 100 },
          ],
        },
        { silent: true },
      );
    }

    const draw = () => {
      const now = Date.now();
      if (!s.zoom) s.axis = live ? { from: now - (rangeTo - rangeFrom), to: now } : { from: rangeFrom, to: rangeTo };
      let shown = points;
      if (live) {
        const tail = telemetry.buffer(series)?.since(historyEnd(points) ?? s.axis.from);
        if (tail && tail.ts.length > 0) shown = appendTail(points, tail.ts, tail.value, s.axis.from);
      }
      s.shown = shown;
      const inView = (s.zoom && zoomWindow(s.zoom, s.axis)) || s.axis;
      const drawn = visiblePoints(shown, inView, instance.getWidth() - GRID_X_PX);
      instance.setOption(historyDataOption(drawn, look, s.axis, inView, gapMs, s.grey), {
        lazyUpdate: true,
        silent: true,
      });
    };
    s.draw = draw;
    draw();
    if (!live) return;
    return onClockTick(draw);
  }, [chart, container, telemetry, series, look, points, rangeFrom, rangeTo, live, rangeKey, gapMs, tone]);

  // Pins for anomalies, after the effect above so a re-applied base option gets them back.
  const anomalies = view?.anomalies;
  useEffect(() => {
    const instance = chart.current;
    const el = container.current;
    if (!instance || !el || !look || !points) return;
    const colors = readAnomalyColors(el);
    const marks = anomalyMarks(anomalies ?? [], points, colors);
    instance.setOption(
      { series: [{ id: SERIES_IDS.avg, markPoint: anomalyMarkPoint(marks, colors.pinText) }] },
      { lazyUpdate: true, silent: true },
    );
  }, [chart, container, anomalies, points, look, tone]);

  const layer = view?.labels;
  const labels = layer?.labels;
  useEffect(() => {
    const s = state.current;
    s.grey = labels ? badDataRanges(labels) : [];
    s.draw?.();
  }, [labels]);
  useLabelLayer(chart, container, layer, anomalies, look, tone);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const s = state.current;
    let frame = 0;
    const handler = (event: unknown) => {
      const zoom = zoomPercent(event as DataZoomEvent, s.axis);
      if (!zoom) return;
      s.zoom = isWholeAxis(zoom) ? null : zoom;
      onZoom.current?.(zoomWindow(zoom, s.axis));
      // Refit the value axis to the new window; not inside ECharts' own event dispatch.
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          s.draw?.();
        });
      }
    };
    instance.on('datazoom', handler);
    return () => {
      if (!instance.isDisposed()) instance.off('datazoom', handler);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [chart]);

  return useMemo<HistoryDrawing>(
    () => ({
      shownPoints: () => {
        const s = state.current;
        if (!s.shown) return null;
        const w = (s.zoom && zoomWindow(s.zoom, s.axis)) || s.axis;
        return windowOf(s.shown, w.from, w.to);
      },
      shownWindow: () => {
        const s = state.current;
        if (!s.shown) return null;
        return (s.zoom && zoomWindow(s.zoom, s.axis)) || s.axis;
      },
    }),
    [],
  );
}
