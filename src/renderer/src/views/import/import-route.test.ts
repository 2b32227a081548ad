// The Import view is reachable by link (#import) and keeps its place on reload.
import { describe, expect, it } from 'vitest';
import { hashForRoute, routeFromHash } from '../../store/view-slice';

describe('the Import view route', () => {
  it('reads #import and writes it back', () => {
    const route = routeFromHash('#import');
    expect(route).toEqual({ view: 'import', deviceId: null });
    expect(hashForRoute(route)).toBe('#import');
  });
});
