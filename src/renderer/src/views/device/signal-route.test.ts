// Level 4 links: a signal's trend opens from `#device/<id>/<signal>[@time]`, and the links that
// existed before (`#device/<id>`, `#device/<id>@time`) open the device as they did.
import { describe, expect, it } from 'vitest';
import { hashForRoute, routeFromHash } from '../../store/view-slice';
import { signalRoute } from '../../components/RouteLinks';
import { splitSignalRoute } from './signal-route';

const open = (hash: string) => {
  const route = routeFromHash(hash);
  return { view: route.view, at: route.at, ...splitSignalRoute(route.deviceId ?? '') };
};

describe('signal routes', () => {
  it('reads a signal, with or without the alarm time', () => {
    expect(open('#device/unit-001/temperature')).toEqual({
      view: 'device',
      at: undefined,
      deviceId: 'unit-001',
      signal: 'temperature',
    });
    expect(open('#device/unit-001/flow%20rate@1700000000000')).toEqual({
      view: 'device',
      at: 1700000000000,
      deviceId: 'unit-001',
      signal: 'flow rate',
    });
  });

  it('keeps the old device links', () => {
    expect(open('#device/device-001')).toMatchObject({ deviceId: 'device-001', signal: null });
    expect(open('#device/device-001@1700000000000')).toMatchObject({
      deviceId: 'device-001',
      signal: null,
      at: 1700000000000,
    });
  });

  it('writes a URL that reads back the same', () => {
    const hash = hashForRoute({ view: 'device', deviceId: signalRoute('unit-002', 'pressure'), at: 5 });
    expect(open(hash)).toMatchObject({ deviceId: 'unit-002', signal: 'pressure', at: 5 });
    expect(signalRoute('unit-002', '*')).toBe('unit-002');
  });
});
