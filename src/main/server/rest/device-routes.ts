// /api/devices: the fleet, one device, its current values and its history — each a thin
// adapter over devices.list, devices.get, live.snapshot and history.query.
import { seriesKey, type Device } from '../../../shared/domain';
import { Tier as TierSchema, type SeriesPoints, type Tier } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import type { CallContext } from '../../../shared/rpc/call-context';
import type { ContractHandlers } from '../../../shared/rpc/server';
import { callContract } from './contract-call';
import { historyShape, toColumns } from './history-shape';
import { optionalInteger, optionalString, stringList, timeRange } from './query-params';
import type { Route } from './router';

export interface DeviceRouteDeps {
  handlers: ContractHandlers;
  clock: () => number;
}

/** Points per series when the caller gives no `limit`. */
export const DEFAULT_HISTORY_LIMIT = 1000;
/** history.query takes at most this many series per request (its contract's `series.max`). */
const SERIES_PER_QUERY = 64;

/** 404 for an unknown device comes from the engine (devices.get), not from a list scan here. */
export function getDevice(handlers: ContractHandlers, context: CallContext, id: string): Promise<Device> {
  return callContract(handlers, context, 'devices.get', { id });
}

/** The device's signals named by `signal=` (repeatable), or all of them. */
export function selectSignals(device: Device, requested: readonly string[]): string[] {
  const keys = device.signals.map((s) => s.key);
  if (requested.length === 0) return keys;
  for (const key of requested) {
    if (!keys.includes(key)) {
      throw new EngineError(
        'NOT_FOUND',
        `"signal": ${device.id} has no signal ${JSON.stringify(key)} (it has: ${keys.join(', ') || 'none'})`,
        { parameter: 'signal', value: key, signals: keys },
      );
    }
  }
  return [...new Set(requested)];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function deviceRoutes({ handlers, clock }: DeviceRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/devices',
      permission: 'devices.list',
      async handle({ context }) {
        const devices = await callContract(handlers, context, 'devices.list', {});
        return {
          data: devices,
          meta: { count: devices.length, unconfigured: devices.filter((d) => d.unconfigured).length },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/api/devices/:id',
      permission: 'devices.get',
      async handle({ params, context }) {
        return { data: await getDevice(handlers, context, params.id!) };
      },
    },
    {
      method: 'GET',
      pattern: '/api/devices/:id/current',
      permission: 'live.snapshot',
      async handle({ params, context }) {
        const device = await getDevice(handlers, context, params.id!);
        const snapshot = await callContract(handlers, context, 'live.snapshot', { devices: [device.id] });
        const readings = snapshot
          .filter((r) => r.deviceId === device.id)
          .sort((a, b) => a.signal.localeCompare(b.signal));
        const newest = readings.reduce<number | null>((max, r) => (max === null || r.ts > max ? r.ts : max), null);
        return { data: readings, meta: { deviceId: device.id, count: readings.length, newestTs: newest } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/devices/:id/history',
      permission: 'history.query',
      query: ['from', 'to', 'limit', 'signal', 'tier', 'shape'],
      async handle({ params, query, context }) {
        const device = await getDevice(handlers, context, params.id!);
        const { from, to } = timeRange(query, clock());
        const limit = optionalInteger(query, 'limit') ?? DEFAULT_HISTORY_LIMIT;
        const tier = optionalString(query, 'tier');
        if (tier !== undefined && tier !== 'auto' && !TierSchema.safeParse(tier).success) {
          // The contract's union only says "Invalid input"; the caller needs the choices.
          throw new EngineError('BAD_REQUEST', `"tier" must be one of auto, ${TierSchema.options.join(', ')}`, {
            parameter: 'tier',
            value: tier,
          });
        }
        const shape = historyShape(optionalString(query, 'shape'));
        const signals = selectSignals(device, stringList(query, 'signal'));
        const series = signals.map((s) => seriesKey(device.id, s));

        const data: SeriesPoints[] = [];
        for (const batch of chunks(series, SERIES_PER_QUERY)) {
          const part = await callContract(
            handlers,
            context,
            'history.query',
            { series: batch, from, to, maxPoints: limit, ...(tier !== undefined && { tier }) },
            { from: 'from', to: 'to', maxPoints: 'limit', tier: 'tier', series: 'signal' },
          );
          data.push(...part);
        }
        const tiers: Record<string, Tier> = {};
        for (const s of data) tiers[s.series] = s.tier;
        return {
          data: shape === 'columns' ? data.map(toColumns) : data,
          meta: {
            deviceId: device.id,
            shape,
            from,
            to,
            limit,
            tiers,
            points: data.reduce((n, s) => n + s.ts.length, 0),
          },
        };
      },
    },
  ];
}
