// The REST API: every /api endpoint except /api/health, declared as route tables per area and
// served by one router. Each endpoint is a thin adapter over the contract; new areas (alarms,
// annotations, …) add a `*-routes.ts` file and one line here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { CallContext } from '../../../shared/rpc/call-context';
import type { ContractHandlers } from '../../../shared/rpc/server';
import type { CallAuditor } from '../../engine/access/access-ports';
import { alertRoutes } from './alert-routes';
import { analyticsRoutes } from './analytics-routes';
import { annotationRoutes } from './annotation-routes';
import { deviceConfigRoutes } from './device-config-routes';
import { deviceRoutes } from './device-routes';
import { exportRoutes } from './export-routes';
import { importRoutes } from './import-routes';
import { metricsRoutes } from './metrics-routes';
import { statusRoutes } from './status-routes';
import { createRouter, type Route } from './router';

export interface RestApiOptions {
  handlers: ContractHandlers;
  /** Where finished exports are downloaded from (<dataDir>/exports). */
  exportsDir: () => string;
  /** Where uploaded files wait to be imported (<dataDir>/imports); by default beside exportsDir. */
  importsDir?: () => string;
  log: (message: string) => void;
  /** "Now" for default time ranges; injectable for tests. */
  clock?: () => number;
  /** POST /api/import/upload takes files up to this size (server.maxUploadBytes). */
  maxUploadBytes?: number;
  /** Endpoints of the transport itself (the browser's session). */
  extraRoutes?: readonly Route[];
  /** The engine's audit trail: a write or export route refused for the caller's role is recorded. */
  auditor?: CallAuditor;
}

/** Every route of the API, in one list (the router serves it; a test walks its permissions). */
export function restRoutes(options: RestApiOptions): Route[] {
  const { handlers, exportsDir, log } = options;
  const clock = options.clock ?? Date.now;
  const importsDir = options.importsDir ?? (() => join(dirname(exportsDir()), 'imports'));
  return [
    ...deviceRoutes({ handlers, clock }),
    ...deviceConfigRoutes({ handlers }),
    ...statusRoutes({ handlers }),
    ...analyticsRoutes({ handlers, clock }),
    ...metricsRoutes({ handlers }),
    ...alertRoutes({ handlers }),
    ...annotationRoutes({ handlers, clock }),
    ...exportRoutes({ exportsDir }),
    ...importRoutes({ importsDir, log, clock, maxBytes: options.maxUploadBytes }),
    ...(options.extraRoutes ?? []),
  ];
}

export function createRestApi(
  options: RestApiOptions,
): (req: IncomingMessage, res: ServerResponse, context: CallContext) => Promise<void> {
  const { auditor } = options;
  return createRouter(
    restRoutes(options),
    options.log,
    auditor &&
      ((permission, what, params, context, error) =>
        typeof permission === 'string'
          ? auditor.refused(permission, { ...params, route: what }, context, error)
          : auditor.event({
              actor: context.caller.id,
              role: context.caller.role,
              client: context.client.address,
              action: what,
              target: params.id ?? null,
              outcome: 'refused',
              details: { error: { code: error.code, message: error.message } },
            })),
  );
}
