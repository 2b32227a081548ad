import { describe, expect, it } from 'vitest';
import { windowState } from './maintenance-window';

const local = (day: number, h: number, m = 0) => new Date(2026, 11, day, h, m).getTime();

describe('windowState', () => {
  it('is open inside a daytime window and names the next opening outside it', () => {
    const w = { start: '02:00', end: '04:00' };
    expect(windowState(w, local(6, 3))).toEqual({ open: true, opensAt: local(6, 2) });
    expect(windowState(w, local(6, 4))).toEqual({ open: false, opensAt: local(7, 2) });
    expect(windowState(w, local(6, 1, 59))).toEqual({ open: false, opensAt: local(6, 2) });
  });

  it('spans midnight when the end is before the start', () => {
    const w = { start: '23:00', end: '01:30' };
    expect(windowState(w, local(6, 23, 30))).toEqual({ open: true, opensAt: local(6, 23) });
    expect(windowState(w, local(7, 1))).toEqual({ open: true, opensAt: local(6, 23) });
    expect(windowState(w, local(7, 1, 30))).toEqual({ open: false, opensAt: local(7, 23) });
    expect(windowState(w, local(7, 12))).toEqual({ open: false, opensAt: local(7, 23) });
  });
});
