// What the analytics heatmap shows, as part of the Analytics view's URL state. PLACEHOLDER: the
// heatmap's owner defines the fields and their URL form (issue 16, point 5).

export interface HeatmapParams {
  /** 'alarms' (alarm counts) or 'signal' (a signal's average). */
  measure: 'alarms' | 'signal';
}

export function defaultHeatmapParams(): HeatmapParams {
  return { measure: 'alarms' };
}

/**
 * The params as one query-string value of the Analytics state; '' for the default. PLACEHOLDER
 * of the heatmap's own (same signature): its owner's version replaces it.
 */
export function encodeHeatmapParams(p: HeatmapParams): string {
  return p.measure === 'alarms' ? '' : `m=${p.measure}`;
}

/** Reads what encodeHeatmapParams wrote; anything else gives the default. PLACEHOLDER, as above. */
export function decodeHeatmapParams(s: string): HeatmapParams {
  let m: string | null = null;
  try {
    m = new URLSearchParams(s).get('m');
  } catch {
    // garbage: the default
  }
  return { measure: m === 'signal' ? 'signal' : 'alarms' };
}
