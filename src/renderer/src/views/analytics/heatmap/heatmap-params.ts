// What the analytics heatmap shows, as part of the Analytics view's URL state. PLACEHOLDER: the
// heatmap's owner defines the fields and their URL form (issue 16, point 5).

export interface HeatmapParams {
  /** 'alarms' (alarm counts) or 'signal' (a signal's average). */
  measure: 'alarms' | 'signal';
}

export function defaultHeatmapParams(): HeatmapParams {
  return { measure: 'alarms' };
}
