import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Layout, layoutRequests, routeOf, type LayoutInput } from '../../../shared/contract/layouts';
import { type EngineError } from '../../../shared/errors';
import { openStateDb, type StateDb } from '../state/state-db';
import { LayoutStore } from './layout-store';

const control: LayoutInput = {
  name: 'Control room',
  displays: [
    { display: 2, view: 'alarms', kiosk: true },
    { display: 1, view: 'wall', target: 'line-1' },
  ],
};
const issues = (input: unknown) => {
  const r = Layout.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Layout validation', () => {
  it('accepts a layout and fills defaults, and each display opens the route of its view', () => {
    const parsed = Layout.parse(control);
    expect(parsed.displays.map(routeOf)).toEqual(['alarms', 'wall/line-1']);
    expect(parsed.displays[1]).toEqual({ display: 1, view: 'wall', target: 'line-1', kiosk: false });
    expect(routeOf({ view: 'device', target: 'device-003' })).toBe('device/device-003');
    expect(routeOf({ view: 'wall', target: '' })).toBe('wall');
  });

  it('refuses what would open the wrong view, naming the field', () => {
    expect(issues({ name: 'x', displays: [{ display: 1, view: 'device' }] })).toEqual([
      'displays.0.target: a device view needs a target (which device)',
    ]);
    expect(issues({ name: 'x', displays: [{ display: 1, view: 'kpis', target: 'a' }] })).toEqual([
      'displays.0.target: the kpis view takes no target',
    ]);
    expect(
      issues({
        name: 'x',
        displays: [
          { display: 1, view: 'wall' },
          { display: 1, view: 'alarms' },
        ],
      }),
    ).toEqual(['displays.1.display: display 1 is listed twice']);
    expect(issues({ name: 'x', displays: [] })).toEqual(['displays: a layout gives at least one display a view']);
    expect(issues({ name: 'x', displays: [{ display: 0, view: 'wall' }] })).toHaveLength(1);
    expect(issues({ name: 'x', displays: [{ display: 1, view: 'map' }] })).toHaveLength(1);
    expect(issues({ name: 'x', displays: [{ display: 1, view: 'wall', target: 'a#b' }] })).toHaveLength(1);
    expect(issues({ name: '../x', displays: [{ display: 1, view: 'wall' }] })).toHaveLength(1);
    expect(issues({ name: '', displays: [{ display: 1, view: 'wall' }] })).toEqual(['name: a layout name is required']);
  });

  it('refuses a workstation name that could not stand in a URL', () => {
    const params = layoutRequests['layouts.list'].params;
    expect(params.safeParse({ workstation: 'ops-desk 2' }).success).toBe(true);
    expect(params.safeParse({ workstation: 'a/b' }).success).toBe(false);
    expect(params.safeParse({ workstation: 'a', extra: 1 }).success).toBe(false);
  });
});

describe('LayoutStore', () => {
  let dir: string;
  let db: StateDb;
  let now = 1000;
  const store = () => new LayoutStore({ db, clock: () => now, log: () => {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-layouts-'));
    db = openStateDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps layouts per workstation, across a reopened database', () => {
    store().save('desk-1', Layout.parse(control), 'ana', { activate: true });
    db.close();
    db = openStateDb(dir);
    const list = store().list('desk-1');
    expect(list.active).toBe('Control room');
    expect(list.layouts).toEqual([
      {
        name: 'Control room',
        displays: [
          { display: 1, view: 'wall', target: 'line-1', kiosk: false },
          { display: 2, view: 'alarms', target: '', kiosk: true },
        ],
        updatedAt: 1000,
        updatedBy: 'ana',
      },
    ]);
    expect(store().list('desk-2')).toEqual({ workstation: 'desk-2', active: null, layouts: [] });
    expect(store().get('desk-1', 'control ROOM').name).toBe('Control room');
  });

  it('renames with the active mark, refuses a clashing name, and deleting the active one leaves none', () => {
    const s = store();
    s.save('desk', Layout.parse(control), 'ana', { activate: true });
    s.save('desk', Layout.parse({ ...control, name: 'Night' }), 'ana');
    now = 2000;
    const renamed = s.save('desk', Layout.parse({ ...control, name: 'Day' }), 'bo', { previousName: 'Control room' });
    expect(renamed.active).toBe('Day');
    expect(renamed.layouts.map((l) => l.name)).toEqual(['Day', 'Night']);
    expect(() => s.save('desk', Layout.parse({ ...control, name: 'night' }), 'bo', { previousName: 'Day' })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }) as EngineError,
    );
    expect(s.list('desk').layouts.map((l) => l.name)).toEqual(['Day', 'Night']);
    expect(s.remove('desk', 'Day')).toMatchObject({ active: null, layouts: [{ name: 'Night' }] });
    expect(() => s.remove('desk', 'Day')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as EngineError);
    expect(() => s.activate('desk', 'Day')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as EngineError);
    expect(s.activate('desk', 'Night').active).toBe('Night');
    expect(s.activate('desk', null).active).toBeNull();
  });
});
