// The route table: what a caller sees for a known path, an unknown one, and a wrong method.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../shared/errors';
import { RouteTable, type Route } from './router';

const ok = async () => ({ data: null });
const routes: Route[] = [
  { method: 'GET', pattern: '/api/devices', permission: 'devices.list', handle: ok },
  { method: 'GET', pattern: '/api/devices/:id', permission: 'devices.get', handle: ok },
  { method: 'GET', pattern: '/api/alarms/:id', permission: 'alarms.get', handle: ok },
  { method: 'PUT', pattern: '/api/alarms/:id/acknowledge', permission: 'alarms.acknowledge', handle: ok },
];

describe('RouteTable', () => {
  const table = new RouteTable(routes);

  it('finds the route and decodes path parameters', () => {
    const m = table.match('GET', '/api/devices/line%201%3Aoven');
    expect(m).toMatchObject({ kind: 'found', route: routes[1], params: { id: 'line 1:oven' } });
  });

  it('keeps an encoded slash inside its segment, so it cannot reach another route or folder', () => {
    const m = table.match('GET', '/api/devices/..%2Fstate.db');
    expect(m).toMatchObject({ kind: 'found', params: { id: '../state.db' } });
    expect(table.match('GET', '/api/devices/a/b').kind).toBe('not-found');
  });

  it('answers HEAD with the GET route', () => {
    expect(table.match('HEAD', '/api/devices')).toMatchObject({ kind: 'found', route: routes[0] });
  });

  it('lists the allowed methods when only the method is wrong', () => {
    expect(table.match('POST', '/api/devices')).toEqual({ kind: 'method-not-allowed', allow: ['GET', 'HEAD'] });
    expect(table.match('GET', '/api/alarms/7/acknowledge')).toEqual({ kind: 'method-not-allowed', allow: ['PUT'] });
  });

  it('does not match an empty parameter or a different length', () => {
    expect(table.match('GET', '/api/devices/').kind).toBe('not-found');
    expect(table.match('GET', '/api/nope').kind).toBe('not-found');
  });

  it('rejects malformed percent-encoding as a bad request', () => {
    expect(() => table.match('GET', '/api/devices/%E0%A4%A')).toThrow(EngineError);
  });

  it('refuses a route declared twice', () => {
    expect(() => new RouteTable([routes[0]!, routes[0]!])).toThrow(/declared twice/);
  });
});
