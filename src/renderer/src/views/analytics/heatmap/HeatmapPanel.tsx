// The analytics heatmap: a signal or alarm counts by device × hour/day. PLACEHOLDER (issue 16,
// point 5): its owner builds it; the Analytics view passes its part of the URL state.
import type { HeatmapParams } from './heatmap-params';

export interface HeatmapPanelProps {
  params: HeatmapParams;
  onChange(params: HeatmapParams): void;
}

export function HeatmapPanel(_props: HeatmapPanelProps) {
  return <p className="view-empty">The heatmap is not built yet.</p>;
}
