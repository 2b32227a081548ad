// What one display of a layout opens (`?layout=NAME&display=N`): its view's route and kiosk mode,
// or, for a layout or display that does not exist, a sentence saying so and the wall. The same
// answer an Electron window of that display gets (its URL carries the same query).
import { routeOf, type StoredLayout } from '../../../shared/display-layouts';

export type DisplayChoice = { ok: true; route: string; kiosk: boolean } | { ok: false; route: 'wall'; message: string };

export function parseDisplay(value: string | null): number | null {
  if (value === null) return 1;
  return /^[1-9]\d?$/.test(value) ? Number(value) : null;
}

export function chooseDisplay(
  workstation: string,
  name: string,
  layout: StoredLayout | null,
  display: number | null,
  rawDisplay: string | null,
): DisplayChoice {
  if (!layout)
    return {
      ok: false,
      route: 'wall',
      message: `Workstation ${workstation} has no layout “${name}”: showing the wall.`,
    };
  const a = display === null ? undefined : layout.displays.find((d) => d.display === display);
  if (!a) {
    const has = layout.displays.map((d) => d.display).join(', ');
    return {
      ok: false,
      route: 'wall',
      message: `Layout “${layout.name}” has no display ${rawDisplay ?? ''} (it has ${has}): showing the wall.`,
    };
  }
  return { ok: true, route: routeOf(a), kiosk: a.kiosk };
}
