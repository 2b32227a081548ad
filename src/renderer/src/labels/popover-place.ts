// Where the label popover goes, as a pure function of what the popover measured: beside the
// point it is about (to its left when there is room, else to its right), inside the chart's box
// when it fits there, and in any case inside the viewport below the sticky header — shifted up
// when it would run past the bottom of the screen, shifted sideways at the edges, and given a
// maximum height (it scrolls) when even the whole viewport is too short. Positions are relative
// to the chart's box, which the popover is absolutely positioned in. Narrow screens do not come
// here: there the popover is a bottom sheet (labels.css).

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface PopoverPlace {
  /** px from the chart box's left and top edges. */
  left: number;
  top: number;
  /** Set when the popover is taller than the room it has: it scrolls. */
  maxHeight?: number;
}

/** Distance from the point the popover is about, and from the viewport's edges. */
export const GAP_PX = 24;
export const EDGE_PX = 8;
/** Distance from the chart box's top edge when there is room. */
const TOP_PX = 4;

export function placePopover(input: {
  /** The point it is about, relative to the chart's box. */
  at: { x: number; y: number };
  /** The chart's box, in viewport coordinates. */
  box: Rect;
  /** The popover's own size. */
  size: { width: number; height: number };
  viewport: { width: number; height: number };
  /** What covers the top of the viewport (the sticky header's bottom edge). */
  topInset?: number;
}): PopoverPlace {
  const { at, box, size, viewport } = input;
  const topInset = Math.max(0, input.topInset ?? 0);

  // Across: beside the point, kept in the box when it fits, then in the viewport.
  let left = at.x >= size.width + GAP_PX ? at.x - size.width - GAP_PX : at.x + GAP_PX;
  if (box.width >= size.width) left = clamp(left, 0, box.width - size.width);
  left = clamp(left, EDGE_PX - box.left, viewport.width - EDGE_PX - size.width - box.left);
  // A popover wider than the viewport starts at its left edge.
  left = Math.max(left, EDGE_PX - box.left);

  // Down: near the top of the box, moved up to end above the screen's bottom edge, never under the header.
  const room = viewport.height - EDGE_PX - (topInset + EDGE_PX);
  const height = Math.min(size.height, room);
  let top = TOP_PX;
  top = Math.min(top, viewport.height - EDGE_PX - height - box.top);
  top = Math.max(top, topInset + EDGE_PX - box.top);
  return size.height > room ? { left, top, maxHeight: Math.max(0, room) } : { left, top };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}
