// Analytics (#analytics/<state>): trend groups across devices, heatmaps, comparisons of devices
// of one kind, trends with direction and rate, and correlations — the state encoded in the URL
// so a view can be saved and shared. PLACEHOLDER: being built (issue 16, point 5).
import { useAppStore } from '../../store/app-store';
import { HeatmapPanel } from './heatmap/HeatmapPanel';
import { defaultHeatmapParams } from './heatmap/heatmap-params';
import { TrendPanel } from './trend/TrendPanel';
import { decodeTrendParams, encodeTrendParams } from './trend/trend-params';

export function AnalyticsView() {
  // Until the view's own URL state exists (issue 16, part A), the trend panel's is the whole of it.
  const query = useAppStore((s) => s.analyticsQuery);
  const showAnalytics = useAppStore((s) => s.showAnalytics);
  return (
    <section className="analytics" aria-labelledby="analytics-title" data-testid="analytics">
      <h1 id="analytics-title" className="view-title">
        Analytics
      </h1>
      <TrendPanel
        params={decodeTrendParams(query ?? '')}
        onChange={(p) => showAnalytics(encodeTrendParams(p) || null)}
      />
      <HeatmapPanel params={defaultHeatmapParams()} onChange={() => undefined} />
    </section>
  );
}
