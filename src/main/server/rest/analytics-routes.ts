// /api/analytics: per-signal trend statistics of a device over a time range, from history.stats
// (min, max, avg, stddev, count, slope per hour and its direction). The engine computes them;
// this file only fans the request out over the device's signals.
import { seriesKey } from '../../../shared/domain';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import { getDevice, selectSignals } from './device-routes';
import { stringList, timeRange } from './query-params';
import type { Route } from './router';

export interface AnalyticsRouteDeps {
  handlers: ContractHandlers;
  clock: () => number;
}

export function analyticsRoutes({ handlers, clock }: AnalyticsRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/analytics/trends/:deviceId',
      permission: 'history.stats',
      query: ['from', 'to', 'signal'],
      async handle({ params, query, context }) {
        const device = await getDevice(handlers, context, params.deviceId!);
        const { from, to } = timeRange(query, clock());
        const signals = selectSignals(device, stringList(query, 'signal'));
        const data = await Promise.all(
          signals.map((s) =>
            callContract(
              handlers,
              context,
              'history.stats',
              { series: seriesKey(device.id, s), from, to },
              { from: 'from', to: 'to', series: 'signal' },
            ),
          ),
        );
        return { data, meta: { deviceId: device.id, from, to, count: data.length } };
      },
    },
  ];
}
