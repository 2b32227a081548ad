// /api/metrics: the plant at a glance (metrics.dashboard) and the engine's own resources
// (metrics.system), for monitoring tools that poll over HTTP rather than hold a WebSocket.
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import type { Route } from './router';

export function metricsRoutes({ handlers }: { handlers: ContractHandlers }): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/metrics/dashboard',
      permission: 'metrics.dashboard',
      async handle({ context }) {
        const data = await callContract(handlers, context, 'metrics.dashboard', {});
        return { data, meta: { at: data.at } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/metrics/system',
      permission: 'metrics.system',
      async handle({ context }) {
        const data = await callContract(handlers, context, 'metrics.system', {});
        return { data, meta: { at: data.at } };
      },
    },
  ];
}
