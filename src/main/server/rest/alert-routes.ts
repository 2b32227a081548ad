// /api/alerts: the alarm queue, one alarm with its journal, acknowledge and resolve, closed
// alarms and the EEMUA 191 KPIs, for other tools — thin adapters over the alarms.* contract.
// `status` and `severity` are the REST words for ISA-18.2 state and priority.
import { AlarmState, Priority, type Alarm } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import { optionalInteger, optionalTime, stringList } from './query-params';
import { readJsonObject } from './read-json-body';
import type { Route, RouteContext } from './router';

export interface AlertRouteDeps {
  handlers: ContractHandlers;
}

/** Status words besides the state names themselves. */
const STATUS_GROUPS: Record<string, readonly AlarmState[]> = {
  open: ['unack_active', 'ack_active', 'unack_rtn', 'shelved', 'suppressed', 'out_of_service'],
  active: ['unack_active', 'ack_active'],
  unacknowledged: ['unack_active', 'unack_rtn'],
  acknowledged: ['ack_active'],
  returned: ['unack_rtn'],
};

const URL_NAMES = { states: 'status', priorities: 'severity', devices: 'device', areas: 'area', limit: 'limit' };

/** `?status=a,b&status=c` → the values, split on commas. */
function list(query: URLSearchParams, name: string): string[] {
  return stringList(query, name).flatMap((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function statuses(query: URLSearchParams): AlarmState[] | undefined {
  const words = list(query, 'status');
  if (words.length === 0) return undefined;
  const out = new Set<AlarmState>();
  for (const w of words) {
    const group = STATUS_GROUPS[w];
    if (group) group.forEach((s) => out.add(s));
    else if (AlarmState.safeParse(w).success && w !== 'normal') out.add(w as AlarmState);
    else {
      const choices = [...Object.keys(STATUS_GROUPS), ...AlarmState.options.filter((s) => s !== 'normal')];
      throw new EngineError('BAD_REQUEST', `"status" must be one of ${choices.join(', ')}; got ${JSON.stringify(w)}`, {
        parameter: 'status',
        value: w,
      });
    }
  }
  return [...out];
}

function severities(query: URLSearchParams): Priority[] | undefined {
  const words = list(query, 'severity');
  if (words.length === 0) return undefined;
  for (const w of words) {
    if (!Priority.safeParse(w).success) {
      throw new EngineError(
        'BAD_REQUEST',
        `"severity" must be one of ${Priority.options.join(', ')}; got ${JSON.stringify(w)}`,
        { parameter: 'severity', value: w },
      );
    }
  }
  return words as Priority[];
}

function optionalList(query: URLSearchParams, name: string): string[] | undefined {
  const l = list(query, name);
  return l.length > 0 ? l : undefined;
}

export function alarmId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw new EngineError('BAD_REQUEST', `"id" must be a positive integer alarm id, not ${JSON.stringify(raw)}`, {
      parameter: 'id',
      value: raw,
    });
  }
  return Number(raw);
}

export function countsBySeverity(alarms: readonly Alarm[]): Record<Priority, number> {
  const counts: Record<Priority, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const a of alarms) counts[a.priority]++;
  return counts;
}

/**
 * The JSON body of an alarm action. A `by` in it is dropped: older integrations send one, and
 * the engine records the caller of the request instead (docs/rest-api.md).
 */
async function body(ctx: RouteContext): Promise<Record<string, unknown>> {
  const fields = await readJsonObject(ctx.req);
  delete fields.by;
  return fields;
}

export function alertRoutes({ handlers }: AlertRouteDeps): Route[] {
  const listMeta = (alarms: readonly Alarm[]) => ({ count: alarms.length, bySeverity: countsBySeverity(alarms) });
  return [
    {
      method: 'GET',
      pattern: '/api/alerts',
      permission: 'alarms.list',
      query: ['status', 'severity', 'device', 'area', 'limit'],
      async handle({ query, context }) {
        const alarms = await callContract(
          handlers,
          context,
          'alarms.list',
          {
            states: statuses(query),
            priorities: severities(query),
            devices: optionalList(query, 'device'),
            areas: optionalList(query, 'area'),
            limit: optionalInteger(query, 'limit'),
          },
          URL_NAMES,
        );
        return { data: alarms, meta: listMeta(alarms) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/alerts/history',
      permission: 'alarms.history',
      query: ['from', 'to', 'severity', 'device', 'area', 'limit'],
      async handle({ query, context }) {
        const alarms = await callContract(
          handlers,
          context,
          'alarms.history',
          {
            from: optionalTime(query, 'from'),
            to: optionalTime(query, 'to'),
            priorities: severities(query),
            devices: optionalList(query, 'device'),
            areas: optionalList(query, 'area'),
            limit: optionalInteger(query, 'limit'),
          },
          { ...URL_NAMES, from: 'from', to: 'to' },
        );
        return { data: alarms, meta: listMeta(alarms) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/alerts/kpis',
      permission: 'alarms.kpis',
      query: ['from', 'to', 'area'],
      async handle({ query, context }) {
        const area = optionalList(query, 'area');
        if (area && area.length > 1)
          throw new EngineError('BAD_REQUEST', '"area" takes one area', { parameter: 'area' });
        const kpis = await callContract(
          handlers,
          context,
          'alarms.kpis',
          { from: optionalTime(query, 'from'), to: optionalTime(query, 'to'), area: area?.[0] },
          { from: 'from', to: 'to', area: 'area' },
        );
        return { data: kpis, meta: { from: kpis.from, to: kpis.to, areas: kpis.areas.length } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/alerts/:id',
      permission: 'alarms.get',
      async handle({ params, context }) {
        const id = alarmId(params.id!);
        const { alarm, journal } = await callContract(handlers, context, 'alarms.get', { id });
        // The assistant's report (the specification's "RAG error report"), null until one is made.
        const { state, report } = await callContract(handlers, context, 'assistant.report', { alarmId: id });
        return {
          data: { ...alarm, journal, report },
          meta: { journalEntries: journal.length, report: state },
        };
      },
    },
    {
      method: 'PUT',
      pattern: '/api/alerts/:id/acknowledge',
      permission: 'alarms.acknowledge',
      async handle(ctx) {
        const { context } = ctx;
        const id = alarmId(ctx.params.id!);
        const { comment, ...rest } = await body(ctx);
        const alarm = await callContract(handlers, context, 'alarms.acknowledge', { id, comment, ...rest });
        return { data: alarm };
      },
    },
    {
      method: 'PUT',
      pattern: '/api/alerts/:id/resolve',
      permission: 'alarms.resolve',
      async handle(ctx) {
        const { context } = ctx;
        const id = alarmId(ctx.params.id!);
        const { comment, ...rest } = await body(ctx);
        if (comment === undefined) {
          throw new EngineError('BAD_REQUEST', 'resolving an alarm needs a "comment" in the JSON body', {
            parameter: 'comment',
          });
        }
        const alarm = await callContract(handlers, context, 'alarms.resolve', { id, comment, ...rest });
        return { data: alarm };
      },
    },
  ];
}
