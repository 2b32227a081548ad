// GET /api/status: the specification's "system status overview" in one answer — the engine
// (engine.health: status, problems, version, uptime), its sources, storage (metrics.system),
// alarms by priority and devices online/offline/stale (metrics.dashboard). It composes those
// calls rather than computing anything itself, so it can never disagree with them; it needs
// the viewer role, like each call it makes.
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import type { Route } from './router';

export function statusRoutes({ handlers }: { handlers: ContractHandlers }): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/status',
      permission: 'metrics.dashboard',
      async handle({ context }) {
        const [health, dashboard, system] = await Promise.all([
          callContract(handlers, context, 'engine.health', {}),
          callContract(handlers, context, 'metrics.dashboard', {}),
          callContract(handlers, context, 'metrics.system', {}),
        ]);
        const data = {
          at: dashboard.at,
          engine: {
            status: health.status,
            problems: health.problems,
            version: health.version,
            startedAt: health.startedAt,
            uptimeMs: health.uptimeMs,
            history: health.history,
            assistant: health.assistant,
          },
          sources: health.sources,
          broker: health.broker,
          simulator: health.simulator,
          storage: system.storage,
          pipeline: system.pipeline,
          readings: dashboard.readings,
          deadLetters: dashboard.deadLetters,
          alarms: dashboard.alarms,
          devices: dashboard.devices,
        };
        return { data, meta: { at: data.at, status: health.status } };
      },
    },
  ];
}
