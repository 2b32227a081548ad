// PUT /api/devices/:id/config: a device's configuration over REST, saved exactly as Settings →
// Sources saves a device — one `sources.save { kind: 'device', device }` call, so it is checked by
// the same schemas, layered over the configuration file the same way, applied at once, allowed
// to the same roles (engineer and admin: the permission table's entry) and recorded in the audit
// trail with the settings before and after (the entry's snapshot). Nothing is written unless the
// whole body is valid. The path names the device: an id in the body must be the same, and a
// device the engine does not know is 404 (adding a device is Settings → Sources' work).
import { badRequestIssues } from '../../../shared/bad-request';
import { EngineError } from '../../../shared/errors';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract, type RawParams } from './contract-call';
import { getDevice } from './device-routes';
import { readJsonObject } from './read-json-body';
import type { Route } from './router';

/** A refused save, worded with the body's own field path ("signals.0.unit: …"). */
function inBodyTerms(err: unknown): unknown {
  const issue = badRequestIssues(err)[0];
  if (!issue || !(err instanceof EngineError)) return err;
  const field = issue.path.replace(/^device\.?/, '');
  return new EngineError('BAD_REQUEST', field ? `"${field}": ${issue.message}` : issue.message, {
    ...(err.details as object),
    field,
  });
}

export function deviceConfigRoutes({ handlers }: { handlers: ContractHandlers }): Route[] {
  return [
    {
      method: 'PUT',
      pattern: '/api/devices/:id/config',
      permission: 'sources.save',
      async handle({ req, params, context }) {
        const id = params.id!;
        const body = await readJsonObject(req);
        if (body.id !== undefined && body.id !== id) {
          throw new EngineError('BAD_REQUEST', `"id": the body names ${JSON.stringify(body.id)}, the path ${id}`, {
            field: 'id',
          });
        }
        await getDevice(handlers, context, id); // 404 before anything is saved
        let settings;
        try {
          // The body is untrusted: the contract's schema checks it, as it checks Settings' save.
          const params = { kind: 'device', device: { ...body, id } } as RawParams<'sources.save'>;
          settings = await callContract(handlers, context, 'sources.save', params);
        } catch (err) {
          throw inBodyTerms(err);
        }
        const saved = settings.devices.find((d) => d.id === id);
        return { data: saved ?? null, meta: { deviceId: id } };
      },
    },
  ];
}
