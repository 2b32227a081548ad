// Analytics (#analytics/<state>): trend groups across devices, heatmaps, comparisons of devices
// of one kind, trends with direction and rate, and correlations — the state encoded in the URL
// so a view can be saved and shared. PLACEHOLDER: being built (issue 16, point 5).
import { useState } from 'react';
import { HeatmapPanel } from './heatmap/HeatmapPanel';
import { defaultHeatmapParams } from './heatmap/heatmap-params';

export function AnalyticsView() {
  // Until the view keeps its state in the URL (part A), the heatmap's lives here.
  const [heatmap, setHeatmap] = useState(defaultHeatmapParams);
  return (
    <section className="analytics" aria-labelledby="analytics-title" data-testid="analytics">
      <h1 id="analytics-title" className="view-title">
        Analytics
      </h1>
      <HeatmapPanel params={heatmap} onChange={setHeatmap} />
    </section>
  );
}
