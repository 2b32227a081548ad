// The analytics "trend per device" panel: each signal's direction and rate over the chosen range.
// PLACEHOLDER (issue 16, point 5): its owner builds it; the Analytics view passes its part of the
// URL state and takes changes back.
import type { TrendParams } from './trend-params';

export interface TrendPanelProps {
  params: TrendParams;
  onChange(params: TrendParams): void;
}

export function TrendPanel(_props: TrendPanelProps) {
  return <p className="view-empty">The trend per device is not built yet.</p>;
}
