// Where each display of a layout opens its window (issue 16, point 4): plain geometry, no
// Electron, so every case is a unit test with an injected screen (display-plan.test.ts).
//
// Decisions:
// - Displays are numbered by where they sit, not by id or by which one is primary: left to
//   right, then top to bottom (the top-left corner of each display's bounds). Ids are not stable
//   across reboots on every OS (window-state.ts says the same), and a control room labels its
//   monitors by position. Making another display primary therefore renumbers nothing.
// - A layout display the workstation does not have now (a monitor unplugged, or a layout made for
//   more monitors) opens as an ordinary window on the primary display — not kiosk, not full
//   screen, so the primary's own view stays usable — cascaded 40 px per moved window over two
//   thirds of the work area. When the display comes back, the same window (same page, nothing
//   lost) returns to it with its kiosk mode.
// - A kiosk display's window covers the display's whole bounds; any other fills its work area.
// - Bounds are whole DIPs inside the work area (a work area at scale 1.25 may be fractional:
//   rounded inwards), and every window keeps at least MIN_VISIBLE px on some display
//   (keepVisible) whatever the arrangement, negative coordinates included.
import type { DisplayLike, Rectangle } from './electron-api';
import { fitInside } from './window-state';

export const MIN_VISIBLE = 100;
const CASCADE = 40;

/** What the planner needs of one display of a layout (DisplayAssignment in the contract). */
export interface PlannedDisplay {
  display: number;
  kiosk: boolean;
}

export interface WindowPlan {
  /** The layout's display number (1-based). */
  display: number;
  /** The physical display it opens on now. */
  on: number;
  bounds: Rectangle;
  /** Kiosk as the layout says, except for a moved window (never kiosk). */
  kiosk: boolean;
  /** True when its own display is missing and it stands in on the primary display. */
  moved: boolean;
}

/** The displays in layout order: left to right, then top to bottom. */
export function numberDisplays(displays: readonly DisplayLike[]): DisplayLike[] {
  return [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y);
}

/** The largest whole-pixel rectangle inside `r`. */
function inward(r: Rectangle): Rectangle {
  const x = Math.ceil(r.x);
  const y = Math.ceil(r.y);
  return { x, y, width: Math.floor(r.x + r.width) - x, height: Math.floor(r.y + r.height) - y };
}

function overlap(a: Rectangle, b: Rectangle): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** True when at least MIN_VISIBLE px of the window (both ways, or all of a smaller side) show on a display. */
export function isVisible(bounds: Rectangle, displays: readonly DisplayLike[]): boolean {
  return displays.some((d) => {
    const { w, h } = overlap(bounds, d.workArea);
    return w >= Math.min(MIN_VISIBLE, bounds.width) && h >= Math.min(MIN_VISIBLE, bounds.height);
  });
}

/** The bounds moved (not resized, unless larger than the display) onto the primary's work area when not visible. */
export function keepVisible(bounds: Rectangle, displays: readonly DisplayLike[], primary: DisplayLike): Rectangle {
  if (isVisible(bounds, displays)) return bounds;
  return fitInside(bounds, inward(primary.workArea));
}

/** Where every display of a layout opens now. */
export function planWindows(
  layout: readonly PlannedDisplay[],
  displays: readonly DisplayLike[],
  primary: DisplayLike,
): WindowPlan[] {
  const ordered = numberDisplays(displays);
  const host = ordered.find((d) => d.id === primary.id) ?? ordered[0] ?? primary;
  let moved = 0;
  return [...layout]
    .sort((a, b) => a.display - b.display)
    .map((a) => {
      const own = ordered[a.display - 1];
      if (own) {
        return {
          display: a.display,
          on: own.id,
          bounds: inward(a.kiosk ? own.bounds : own.workArea),
          kiosk: a.kiosk,
          moved: false,
        };
      }
      const area = inward(host.workArea);
      const width = Math.max(Math.min(area.width, 640), Math.floor((area.width * 2) / 3));
      const height = Math.max(Math.min(area.height, 400), Math.floor((area.height * 2) / 3));
      const step = CASCADE * moved++;
      const bounds = {
        x: area.x + Math.min(step, area.width - width),
        y: area.y + Math.min(step, area.height - height),
        width,
        height,
      };
      return { display: a.display, on: host.id, bounds, kiosk: false, moved: true };
    });
}
