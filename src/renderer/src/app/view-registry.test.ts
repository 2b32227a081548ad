// Every view declared in the list is reachable the ways an operator reaches views: by its link
// (#<view>) and, for the header's views, by one key of its own.
import { describe, expect, it } from 'vitest';
import { hashForRoute, routeFromHash } from '../store/view-slice';
import { MAIN_VIEWS, VIEW_LIST, viewForKey, type ViewDeclaration } from './view-registry';

const views: readonly ViewDeclaration[] = VIEW_LIST;

describe('the view list', () => {
  it('gives every view a link that opens it and reads back the same', () => {
    for (const v of views) {
      const hash = v.tail === 'device' ? `#${v.id}/pump-7` : `#${v.id}`;
      const route = routeFromHash(hash);
      expect(route.view, hash).toBe(v.id);
      expect(hashForRoute(route), hash).toBe(hash);
    }
  });

  it('puts the views with a key in the header, in order, each with a key of its own', () => {
    expect(MAIN_VIEWS.map((v) => `${v.key} ${v.title}`)).toEqual([
      '1 Wall',
      '2 Alarms',
      '3 Dead letters',
      '4 Sources',
      '5 Import',
      '6 Settings',
      '7 KPIs',
      '8 Knowledge',
      '9 Review',
      '0 Analytics',
    ]);
    for (const v of MAIN_VIEWS) expect(viewForKey(v.key)).toBe(v.id);
    expect(viewForKey('x')).toBeUndefined();
    expect(MAIN_VIEWS.map((v) => v.id)).not.toContain('device');
    expect(views.map((v) => v.id)).toContain('device');
  });

  it('marks the views fit for a wall display', () => {
    expect(views.filter((v) => v.controlRoom).map((v) => v.id)).toEqual([
      'wall',
      'alarms',
      'sources',
      'kpis',
      'analytics',
    ]);
  });
});
