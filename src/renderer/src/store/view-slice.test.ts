// The URL is the operator's bookmark: a device link must open that device after a reload,
// and anything unrecognised must land safely on the Wall.
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from './app-store';
import { hashForRoute, routeFromHash } from './view-slice';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

describe('view routes', () => {
  it('reads the plain views', () => {
    expect(routeFromHash('#alarms')).toEqual({ view: 'alarms', deviceId: null });
    expect(routeFromHash('#/wall')).toEqual({ view: 'wall', deviceId: null });
    expect(routeFromHash('')).toEqual({ view: 'wall', deviceId: null });
  });

  it('reads a device link, and writes it back the same way', () => {
    const route = routeFromHash('#device/device-001');
    expect(route).toEqual({ view: 'device', deviceId: 'device-001' });
    expect(hashForRoute(route)).toBe('#device/device-001');
  });

  it('reads a device link at a time (an alarm’s), and the KPIs view', () => {
    const route = routeFromHash('#device/device-001@1700000000000');
    expect(route).toEqual({ view: 'device', deviceId: 'device-001', at: 1700000000000 });
    expect(hashForRoute(route)).toBe('#device/device-001@1700000000000');
    expect(routeFromHash('#kpis')).toEqual({ view: 'kpis', deviceId: null });
  });

  it('reads the wall of one area and the analytics state, and writes them back', () => {
    const wall = routeFromHash('#wall/line%201');
    expect(wall).toEqual({ view: 'wall', deviceId: null, area: 'line 1' });
    expect(hashForRoute(wall)).toBe('#wall/line%201');
    const analytics = routeFromHash('#analytics/v1~overlay~d=device-001');
    expect(analytics).toEqual({ view: 'analytics', deviceId: null, query: 'v1~overlay~d=device-001' });
    expect(hashForRoute(analytics)).toBe('#analytics/v1~overlay~d%3Ddevice-001');
    expect(routeFromHash('#analytics')).toEqual({ view: 'analytics', deviceId: null });
  });

  it('goes from the overview to an area’s wall and back with the browser’s Back', () => {
    useAppStore.getState().showWall('line-1');
    expect(useAppStore.getState()).toMatchObject({ view: 'wall', wallArea: 'line-1' });
    useAppStore.getState().applyRoute(routeFromHash('#wall'));
    expect(useAppStore.getState().wallArea).toBeNull();
  });

  it('round-trips ids that need escaping', () => {
    const route = { view: 'device' as const, deviceId: 'line:a/b 1' };
    expect(routeFromHash(hashForRoute(route))).toEqual(route);
  });

  it('falls back to the Wall for a device link without an id, or a broken one', () => {
    expect(routeFromHash('#device')).toEqual({ view: 'wall', deviceId: null });
    expect(routeFromHash('#device/')).toEqual({ view: 'wall', deviceId: null });
    expect(routeFromHash('#device/%E0%A4%A')).toEqual({ view: 'wall', deviceId: null });
    expect(routeFromHash('#nonsense')).toEqual({ view: 'wall', deviceId: null });
  });
});

describe('dead-letter links', () => {
  it('reads the Dead letters and Sources views, with or without a source filter', () => {
    expect(routeFromHash('#dead-letters')).toEqual({ view: 'dead-letters', deviceId: null });
    expect(routeFromHash('#sources')).toEqual({ view: 'sources', deviceId: null });
    const route = routeFromHash('#dead-letters/plant%2Fline%201');
    expect(route).toEqual({ view: 'dead-letters', deviceId: null, source: 'plant/line 1' });
    expect(hashForRoute(route)).toBe('#dead-letters/plant%2Fline%201');
  });

  it('shows every source when the filter is missing or broken', () => {
    expect(routeFromHash('#dead-letters/')).toEqual({ view: 'dead-letters', deviceId: null });
    expect(routeFromHash('#dead-letters/%E0%A4%A')).toEqual({ view: 'dead-letters', deviceId: null });
  });

  it('filters to a source from a link, and drops the filter when the view is chosen from the header', () => {
    const s = () => useAppStore.getState();
    s().showDeadLetters('mqtt-plant');
    expect(s()).toMatchObject({ view: 'dead-letters', deadLetterSource: 'mqtt-plant' });
    s().applyRoute(routeFromHash('#dead-letters/kafka'));
    expect(s().deadLetterSource).toBe('kafka');
    s().setView('dead-letters');
    expect(s()).toMatchObject({ view: 'dead-letters', deadLetterSource: null });
  });
});

describe('settings links', () => {
  it('opens the tab a link names, and the first tab without one', () => {
    const route = routeFromHash('#settings/rules');
    expect(route).toEqual({ view: 'settings', deviceId: null, tab: 'rules' });
    expect(hashForRoute(route)).toBe('#settings/rules');
    expect(routeFromHash('#settings')).toEqual({ view: 'settings', deviceId: null });
  });

  it('follows tab changes made in the view and by the browser', () => {
    const s = () => useAppStore.getState();
    s().showSettings('models');
    expect(s()).toMatchObject({ view: 'settings', settingsTab: 'models' });
    s().applyRoute(routeFromHash('#settings/sources'));
    expect(s().settingsTab).toBe('sources');
    s().setView('settings');
    expect(s()).toMatchObject({ view: 'settings', settingsTab: null });
  });
});

describe('moving between the Wall and a device', () => {
  it('opens a device and comes back to the Wall with the focus returning to its tile', () => {
    const s = () => useAppStore.getState();
    s().openDevice('device-002');
    expect(s()).toMatchObject({ view: 'device', deviceId: 'device-002' });
    s().closeDevice();
    expect(s()).toMatchObject({ view: 'wall', deviceId: null, returnFocusTo: 'device-002' });
    s().clearReturnFocus();
    expect(s().returnFocusTo).toBeNull();
  });

  it('follows the URL back and forward', () => {
    const s = () => useAppStore.getState();
    s().applyRoute(routeFromHash('#device/device-005'));
    expect(s()).toMatchObject({ view: 'device', deviceId: 'device-005' });
    s().applyRoute(routeFromHash('#alarms'));
    expect(s()).toMatchObject({ view: 'alarms', deviceId: null, returnFocusTo: 'device-005' });
  });
});
