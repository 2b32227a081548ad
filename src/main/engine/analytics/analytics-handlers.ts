// The contract's analytics.* requests on the engine's AnalyticsService.
import type { RequestHandlers } from '../../../shared/rpc/server';
import type { AnalyticsService } from './analytics-service';

export function analyticsRequestHandlers(
  analytics: AnalyticsService,
): Pick<RequestHandlers, 'analytics.heatmap' | 'analytics.summary'> {
  return {
    'analytics.heatmap': (p) => analytics.heatmap(p),
    'analytics.summary': (p) => analytics.summary(p),
  };
}
