// Turns ECharts' datazoom events into the time window the operator is looking at. The inside
// zoom reports a batch, the slider a single window; both in percent of the time axis (whose
// min/max this app always sets, so percent maps linearly onto it) or, when set by value, in ms.
import type { TimeWindow } from './history-option';

interface ZoomPart {
  start?: number;
  end?: number;
  startValue?: number;
  endValue?: number;
}

export interface DataZoomEvent extends ZoomPart {
  batch?: ZoomPart[];
}

/** Within this many percent of the edges counts as "the whole axis". */
const EDGE_PERCENT = 0.01;

export interface ZoomState {
  start: number;
  end: number;
}

/** The zoom in percent, or null when the event carries none (then nothing changed). */
export function zoomPercent(event: DataZoomEvent, axis: TimeWindow): ZoomState | null {
  const part = event.batch?.[0] ?? event;
  const span = axis.to - axis.from;
  if (typeof part.start === 'number' && typeof part.end === 'number') return { start: part.start, end: part.end };
  if (typeof part.startValue === 'number' && typeof part.endValue === 'number' && span > 0) {
    return { start: ((part.startValue - axis.from) / span) * 100, end: ((part.endValue - axis.from) / span) * 100 };
  }
  return null;
}

export function isWholeAxis(zoom: ZoomState): boolean {
  return zoom.start <= EDGE_PERCENT && zoom.end >= 100 - EDGE_PERCENT;
}

/** The window in ms for a zoom on an axis; null when the whole axis is in view. */
export function zoomWindow(zoom: ZoomState, axis: TimeWindow): TimeWindow | null {
  if (isWholeAxis(zoom)) return null;
  const span = axis.to - axis.from;
  const clamp = (pct: number) => Math.min(100, Math.max(0, pct));
  return {
    from: Math.round(axis.from + (span * clamp(zoom.start)) / 100),
    to: Math.round(axis.from + (span * clamp(zoom.end)) / 100),
  };
}
