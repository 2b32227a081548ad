import { describe, expect, it } from 'vitest';
import { NotificationRoute, type NotificationRoute as Route } from '../../../shared/contract/notifications';
import { inWindow, localTime, selectRoutes, type RoutableEvent } from './routing';

const route = (r: Partial<Route> & { id: string }): Route => NotificationRoute.parse({ channels: ['desktop'], ...r });

const ev = (e: Partial<RoutableEvent> = {}): RoutableEvent => ({
  type: 'raised',
  priority: 'high',
  deviceId: 'device-001',
  area: '',
  ...e,
});

// 2026-03-06 is a Friday. In Berlin (UTC+1 in March) 21:30 UTC is 22:30 local.
const FRI_2130_UTC = Date.UTC(2026, 2, 6, 21, 30);
const SAT_0300_UTC = Date.UTC(2026, 2, 7, 3, 0);
const WED_1000_UTC = Date.UTC(2026, 2, 4, 10, 0);

describe('localTime', () => {
  it('reads the weekday and minute of the day in the given zone', () => {
    expect(localTime(FRI_2130_UTC, 'UTC')).toEqual({ day: 'fri', minutes: 21 * 60 + 30 });
    expect(localTime(FRI_2130_UTC, 'Europe/Berlin')).toEqual({ day: 'fri', minutes: 22 * 60 + 30 });
    expect(localTime(FRI_2130_UTC, 'Asia/Tokyo')).toEqual({ day: 'sat', minutes: 6 * 60 + 30 });
  });
});

describe('inWindow', () => {
  const nights = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '22:00', to: '06:00' };
  it('counts a night that runs past midnight as the day it started on', () => {
    const w = { ...nights, days: [...nights.days] };
    expect(inWindow({ day: 'fri', minutes: 23 * 60 }, w)).toBe(true);
    expect(inWindow({ day: 'sat', minutes: 3 * 60 }, w)).toBe(true); // Friday's night
    expect(inWindow({ day: 'sun', minutes: 3 * 60 }, w)).toBe(false); // Saturday's night: not listed
    expect(inWindow({ day: 'mon', minutes: 3 * 60 }, w)).toBe(false); // Sunday's night
    expect(inWindow({ day: 'tue', minutes: 6 * 60 }, w)).toBe(false); // the end is exclusive
    expect(inWindow({ day: 'wed', minutes: 12 * 60 }, w)).toBe(false);
  });
  it('treats from = to as the whole day', () => {
    expect(inWindow({ day: 'sat', minutes: 0 }, { days: ['sat', 'sun'], from: '00:00', to: '00:00' })).toBe(true);
    expect(inWindow({ day: 'fri', minutes: 23 * 60 + 59 }, { days: ['sat', 'sun'], from: '00:00', to: '00:00' })).toBe(
      false,
    );
  });
});

describe('selectRoutes', () => {
  it('filters by priority, with an empty list matching any', () => {
    const routes = [
      route({ id: 'crit', priorities: ['critical'], channels: ['email'], emailTo: ['a@plant.example'] }),
      route({ id: 'any', channels: ['desktop'] }),
    ];
    expect(selectRoutes(routes, ev({ priority: 'critical' }), WED_1000_UTC, 'UTC').map((t) => t.route.id)).toEqual([
      'crit',
      'any',
    ]);
    expect(selectRoutes(routes, ev({ priority: 'low' }), WED_1000_UTC, 'UTC').map((t) => t.route.id)).toEqual(['any']);
  });

  it('filters by area, a device without one being in "default"', () => {
    const routes = [
      route({ id: 'packing', areas: ['packing'] }),
      route({ id: 'default', areas: ['default'], channels: ['webhook:x'] }),
    ];
    expect(selectRoutes(routes, ev({ area: 'packing' }), WED_1000_UTC).map((t) => t.route.id)).toEqual(['packing']);
    expect(selectRoutes(routes, ev({ area: '' }), WED_1000_UTC).map((t) => t.route.id)).toEqual(['default']);
  });

  it('filters by device id, with * globs', () => {
    const routes = [route({ id: 'pumps', devices: ['pump-*', 'boiler-1'] })];
    expect(selectRoutes(routes, ev({ deviceId: 'pump-17' }), WED_1000_UTC)).toHaveLength(1);
    expect(selectRoutes(routes, ev({ deviceId: 'boiler-1' }), WED_1000_UTC)).toHaveLength(1);
    expect(selectRoutes(routes, ev({ deviceId: 'boiler-10' }), WED_1000_UTC)).toHaveLength(0);
    expect(selectRoutes(routes, ev({ deviceId: 'xpump-1' }), WED_1000_UTC)).toHaveLength(0);
  });

  it('filters by event type (by default raised, escalated and reminder)', () => {
    const routes = [route({ id: 'r' })];
    expect(selectRoutes(routes, ev({ type: 'reminder' }), WED_1000_UTC)).toHaveLength(1);
    expect(selectRoutes(routes, ev({ type: 'acknowledged' }), WED_1000_UTC)).toHaveLength(0);
  });

  it('sends nights and weekends to the on-call webhook, office hours to the desktop, by local time', () => {
    const routes = [
      route({
        id: 'on-call',
        when: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '07:00' },
          { days: ['sat', 'sun'], from: '00:00', to: '00:00' },
        ],
        channels: ['webhook:pager'],
        stop: true,
      }),
      route({ id: 'office', channels: ['desktop'] }),
    ];
    const at = (ts: number, tz = 'Europe/Berlin') => selectRoutes(routes, ev(), ts, tz).map((t) => t.channel);
    expect(at(WED_1000_UTC)).toEqual(['desktop']);
    expect(at(FRI_2130_UTC)).toEqual(['webhook:pager']);
    expect(at(SAT_0300_UTC)).toEqual(['webhook:pager']);
    // The same instant is 05:00 in New York: still the night shift there.
    expect(at(WED_1000_UTC, 'America/New_York')).toEqual(['webhook:pager']);
    expect(at(Date.UTC(2026, 2, 4, 16, 59), 'UTC')).toEqual(['desktop']);
    expect(at(Date.UTC(2026, 2, 4, 18, 0), 'UTC')).toEqual(['webhook:pager']);
  });

  it('uses a destination once per event, and skips disabled routes', () => {
    const routes = [
      route({ id: 'off', enabled: false, channels: ['webhook:x'] }),
      route({ id: 'a', channels: ['desktop', 'email'], emailTo: ['ops@plant.example'] }),
      route({ id: 'b', channels: ['desktop', 'email', 'webhook:x'], emailTo: ['boss@plant.example'] }),
      route({ id: 'c', channels: ['email'], emailTo: ['ops@plant.example'] }),
    ];
    const got = selectRoutes(routes, ev(), WED_1000_UTC).map((t) => `${t.route.id}:${t.channel}`);
    expect(got).toEqual(['a:desktop', 'a:email', 'b:email', 'b:webhook:x']);
  });
});
