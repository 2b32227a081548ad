// /api/analytics: per-signal trend statistics of a device over a time range, from history.stats
// (min, max, avg, stddev, count, slope per hour and its direction), and the fleet's summary of a
// range (analytics.summary: per device and area alarm counts, readings, availability, worst
// status). The engine computes them; this file only maps the URL onto the contract.
import { seriesKey } from '../../../shared/domain';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import { getDevice, selectSignals } from './device-routes';
import { optionalString, stringList, timeRange } from './query-params';
import type { Route } from './router';

export interface AnalyticsRouteDeps {
  handlers: ContractHandlers;
  clock: () => number;
}

export function analyticsRoutes({ handlers, clock }: AnalyticsRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/analytics/summary',
      permission: 'analytics.summary',
      query: ['from', 'to', 'device', 'area', 'kind'],
      async handle({ query, context }) {
        const { from, to } = timeRange(query, clock());
        const devices = stringList(query, 'device');
        const area = optionalString(query, 'area');
        const kind = optionalString(query, 'kind');
        const data = await callContract(
          handlers,
          context,
          'analytics.summary',
          {
            from,
            to,
            ...(devices.length > 0 && { devices }),
            ...(area !== undefined && { area }),
            ...(kind && { kind }),
          },
          { from: 'from', to: 'to', devices: 'device', area: 'area', kind: 'kind' },
        );
        return { data, meta: { from, to, devices: data.devices.length, areas: data.areas.length } };
      },
    },
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
