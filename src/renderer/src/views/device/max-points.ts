// How many points to ask the engine for: about one per pixel of chart width, which is all a
// screen can show, clamped so a narrow chart still has shape and a wide one stays cheap. The
// width is rounded so resizing by a few pixels does not re-query.

export const MIN_POINTS = 200;
export const MAX_POINTS = 2000;
const STEP_PX = 50;

export function maxPointsForWidth(widthPx: number, pointsPerPixel = 1): number {
  if (!Number.isFinite(widthPx) || widthPx <= 0) return MIN_POINTS;
  const wanted = Math.round((widthPx * pointsPerPixel) / STEP_PX) * STEP_PX;
  return Math.min(MAX_POINTS, Math.max(MIN_POINTS, wanted));
}
