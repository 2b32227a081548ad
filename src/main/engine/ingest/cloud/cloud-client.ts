// The client for a cloud source's preset, from its configuration.
import type { CloudSourceConfig } from '../../../../shared/sources/cloud-schema';
import { AzureMonitorClient } from './azure-monitor';
import { CloudWatchClient } from './cloudwatch';
import type { MetricClient } from './metric-client';

export function metricClient(c: CloudSourceConfig, clock: () => number, signal?: AbortSignal): MetricClient {
  const options = { periodSeconds: c.periodSeconds, timeoutMs: c.timeoutMs, clock, signal };
  if (c.preset === 'azure-monitor') {
    if (!c.azure) throw new Error(`cloud source ${c.id}: the Azure Monitor preset needs its settings`);
    return new AzureMonitorClient(c.azure, c.series, options);
  }
  if (!c.cloudwatch) throw new Error(`cloud source ${c.id}: the CloudWatch preset needs its settings`);
  return new CloudWatchClient(c.cloudwatch, c.series, options);
}
