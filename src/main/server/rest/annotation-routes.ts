// /api/annotations: expert labels for other tools — list with filters, one label with its
// history, create, change, delete, and export/import files — thin adapters over the
// annotations.* contract (its schemas validate; the caller of the request is who labels).
// Query parameters keep the contract's names; times in the query or in a body may be epoch
// milliseconds or ISO 8601. A change or a delete names the revision it was made against: a
// stale one answers 409 CONFLICT with the label as it is now in `error.details.current`.
import { AnnotationFormat, Verdict } from '../../../shared/contract/annotations';
import { EngineError } from '../../../shared/errors';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import { optionalInteger, optionalString, optionalTime, parseTime, stringList } from './query-params';
import { readBodyBytes, readJsonObject } from './read-json-body';
import type { Route, RouteContext } from './router';

export interface AnnotationRouteDeps {
  handlers: ContractHandlers;
  clock: () => number;
}

/** The contract's limit on an import file. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const FILTERS = ['deviceId', 'signal', 'verdicts', 'author', 'from', 'to', 'q', 'includeDeleted'] as const;

/** `?verdicts=a,b&verdicts=c` → the values, split on commas. */
function list(query: URLSearchParams, name: string): string[] | undefined {
  const values = stringList(query, name).flatMap((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return values.length > 0 ? values : undefined;
}

function flag(query: URLSearchParams, name: string): boolean | undefined {
  const raw = optionalString(query, name);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new EngineError('BAD_REQUEST', `"${name}" must be true or false, not ${JSON.stringify(raw)}`, {
    parameter: name,
  });
}

function filters(query: URLSearchParams) {
  const verdicts = list(query, 'verdicts');
  const unknown = verdicts?.find((v) => !Verdict.safeParse(v).success);
  if (unknown !== undefined) {
    throw new EngineError('BAD_REQUEST', `"verdicts" must be among ${Verdict.options.join(', ')}; got "${unknown}"`, {
      parameter: 'verdicts',
    });
  }
  return {
    deviceId: optionalString(query, 'deviceId'),
    signal: optionalString(query, 'signal'),
    verdicts,
    author: optionalString(query, 'author'),
    from: optionalTime(query, 'from'),
    to: optionalTime(query, 'to'),
    q: optionalString(query, 'q'),
    includeDeleted: flag(query, 'includeDeleted'),
  };
}

function format(query: URLSearchParams, fallback?: string): AnnotationFormat {
  const raw = optionalString(query, 'format') ?? fallback;
  const parsed = AnnotationFormat.safeParse(raw);
  if (!parsed.success) {
    throw new EngineError('BAD_REQUEST', `"format" must be csv or json, not ${JSON.stringify(raw ?? '')}`, {
      parameter: 'format',
    });
  }
  return parsed.data;
}

/** A JSON object body, with `from`/`to` given as ISO 8601 turned into epoch milliseconds. */
async function body(ctx: RouteContext): Promise<Record<string, unknown>> {
  const fields = await readJsonObject(ctx.req);
  for (const name of ['from', 'to']) {
    const v = fields[name];
    if (typeof v === 'string') fields[name] = parseTime(name, v);
  }
  return fields;
}

export function annotationRoutes({ handlers, clock }: AnnotationRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/annotations',
      permission: 'annotations.list',
      query: [...FILTERS, 'limit', 'cursor'],
      async handle({ query, context }) {
        const page = await callContract(handlers, context, 'annotations.list', {
          ...filters(query),
          limit: optionalInteger(query, 'limit'),
          cursor: optionalString(query, 'cursor'),
        });
        return { data: page.items, meta: { count: page.items.length, total: page.total, next: page.next } };
      },
    },
    // Before /:id, which would otherwise take "export" for an id.
    {
      method: 'GET',
      pattern: '/api/annotations/export',
      permission: 'annotations.export',
      query: [...FILTERS, 'format'],
      async handle({ req, res, query, context }) {
        const file = await callContract(handlers, context, 'annotations.export', {
          ...filters(query),
          format: format(query),
        });
        const name = `annotations-${new Date(clock()).toISOString().replace(/[:.]/g, '-')}.${file.format}`;
        const bytes = Buffer.from(file.content, 'utf8');
        res.writeHead(200, {
          'content-type': file.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'content-length': bytes.length,
          'content-disposition': `attachment; filename="${name}"`,
          'x-annotation-count': String(file.count),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : bytes);
      },
    },
    {
      method: 'POST',
      pattern: '/api/annotations/import',
      permission: 'annotations.import',
      query: ['format'],
      async handle({ req, query, context }) {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const byType = type === 'text/csv' ? 'csv' : type === 'application/json' ? 'json' : undefined;
        const fmt = format(query, byType);
        const bytes = await readBodyBytes(req, MAX_IMPORT_BYTES);
        const result = await callContract(handlers, context, 'annotations.import', {
          format: fmt,
          content: bytes.toString('utf8'),
        });
        return {
          data: result,
          meta: { created: result.created, updated: result.updated, rejected: result.rejected.length },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/api/annotations/:id',
      permission: 'annotations.get',
      async handle({ params, context }) {
        const { annotation, history } = await callContract(handlers, context, 'annotations.get', { id: params.id });
        return { data: { ...annotation, history }, meta: { changes: history.length } };
      },
    },
    {
      method: 'POST',
      pattern: '/api/annotations',
      permission: 'annotations.create',
      async handle(ctx) {
        const created = await callContract(handlers, ctx.context, 'annotations.create', await body(ctx));
        return { data: created, status: 201 };
      },
    },
    {
      method: 'PATCH',
      pattern: '/api/annotations/:id',
      permission: 'annotations.update',
      async handle(ctx) {
        const fields = await body(ctx);
        const updated = await callContract(handlers, ctx.context, 'annotations.update', {
          ...fields,
          id: ctx.params.id,
        });
        return { data: updated };
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/annotations/:id',
      permission: 'annotations.delete',
      query: ['revision'],
      async handle({ params, query, context }) {
        const revision = optionalInteger(query, 'revision');
        if (revision === undefined) {
          throw new EngineError('BAD_REQUEST', 'deleting a label needs ?revision= (the revision it was read at)', {
            parameter: 'revision',
          });
        }
        return { data: await callContract(handlers, context, 'annotations.delete', { id: params.id, revision }) };
      },
    },
  ];
}
