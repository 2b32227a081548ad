// What the analytics "trend per device" panel shows, as part of the Analytics view's URL state.
// PLACEHOLDER (issue 16, point 5): the trend panel's owner replaces this file with the real
// fields and their URL form, keeping these four exports.

export interface TrendParams {
  /** The device whose signals' trends are shown; null for none chosen yet. */
  device: string | null;
}

export function defaultTrendParams(): TrendParams {
  return { device: null };
}

/** The params as one URL-safe text (part of `#analytics/<state>`); '' for the default. */
export function encodeTrendParams(params: TrendParams): string {
  return params.device ?? '';
}

/** Reads what encodeTrendParams wrote; anything it cannot read gives the default. */
export function decodeTrendParams(s: string): TrendParams {
  return { device: s ? s.slice(0, 200) : null };
}
