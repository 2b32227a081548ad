import { describe, expect, it } from 'vitest';
import type { StoredLayout } from '../../../shared/display-layouts';
import { chooseDisplay, parseDisplay } from './layout-display';
import { fromHostName } from './workstation';

const shift: StoredLayout = {
  name: 'Shift',
  displays: [
    { display: 1, view: 'wall', target: 'line-1', kiosk: false },
    { display: 2, view: 'alarms', target: '', kiosk: true },
  ],
  updatedAt: 0,
  updatedBy: 'ana',
};

describe('one display of a layout', () => {
  it('opens the display’s view with its kiosk mode', () => {
    expect(chooseDisplay('desk', 'Shift', shift, parseDisplay('1'), '1')).toEqual({
      ok: true,
      route: 'wall/line-1',
      kiosk: false,
    });
    expect(chooseDisplay('desk', 'Shift', shift, parseDisplay('2'), '2')).toEqual({
      ok: true,
      route: 'alarms',
      kiosk: true,
    });
    // No display named: the first.
    expect(chooseDisplay('desk', 'Shift', shift, parseDisplay(null), null)).toMatchObject({ route: 'wall/line-1' });
  });

  it('says which layout or display is missing, and shows the wall', () => {
    expect(chooseDisplay('desk', 'Night', null, 1, '1')).toEqual({
      ok: false,
      route: 'wall',
      message: 'Workstation desk has no layout “Night”: showing the wall.',
    });
    expect(chooseDisplay('desk', 'Shift', shift, parseDisplay('3'), '3')).toEqual({
      ok: false,
      route: 'wall',
      message: 'Layout “Shift” has no display 3 (it has 1, 2): showing the wall.',
    });
    expect(chooseDisplay('desk', 'Shift', shift, parseDisplay('two'), 'two')).toMatchObject({
      ok: false,
      message: 'Layout “Shift” has no display two (it has 1, 2): showing the wall.',
    });
  });
});

describe('a desktop’s default workstation name', () => {
  it('is its host name, made fit for a URL', () => {
    expect(fromHostName('OPS-DESK-1')).toBe('OPS-DESK-1');
    expect(fromHostName('ops/desk:1')).toBe('ops-desk-1');
    expect(fromHostName('_bad')).toBe('bad');
    expect(fromHostName('')).toBeUndefined();
  });
});
