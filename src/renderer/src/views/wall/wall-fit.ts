// How the Wall fills its screen: the density level and the grid (columns, row height) that show
// every tile without scrolling, chosen from the number of cells (tiles, plus an area heading
// cell per group when grouped) and the space the wall has. Pure, so the rule is unit-tested.
//
// Levels, largest first (docs/operator-guide.md: The wall and the area overview):
//   large   — name, status, alarm bar, the first signal's value and sparkline, every signal
//   compact — name, status word and shape, the worst signal's value
//   dense   — one line: the status shape and the name (the value where the tile is wide enough;
//             the word is in its tooltip and accessible name): for hundreds of devices
// The automatic choice is the largest level whose smallest tile still fits every cell on the
// screen; among the column counts that fit, the one whose tiles grow most evenly (the least
// scale of width and height over the level's smallest tile) wins, so 5 tiles fill a 4K screen
// in 3 × 2 and 500 pack into 20-odd columns. When even the dense level does not fit, the wall
// keeps its smallest readable tile and scrolls (`fits: false`) rather than shrink text below
// the floor (MIN_TEXT_PX). A user's choice of level is kept to: its tiles fill the screen too,
// and scroll when the level's smallest tile does not fit.

export type Density = 'large' | 'compact' | 'dense';
export const DENSITIES: readonly Density[] = ['large', 'compact', 'dense'];

/**
 * The smallest text on the wall at 1080p, in CSS px (font size; capitals are about 0.72 of it).
 * The dense tile's two lines are sized from it; larger screens scale it with their height.
 */
export const MIN_TEXT_PX = 16;

/** The smallest tile of each level at 1080p, in CSS px: what its content needs to stay legible. */
export const MIN_TILE: Readonly<Record<Density, { w: number; h: number }>> = {
  large: { w: 260, h: 250 },
  compact: { w: 170, h: 76 },
  // One line of MIN_TEXT_PX text (line height 1.2) and 2 px of padding above and below.
  dense: { w: 100, h: 24 },
};

export interface FitInput {
  /** Tiles and heading cells to place. */
  cells: number;
  /** The wall's inner width and the height it may take without scrolling, CSS px. */
  width: number;
  height: number;
  /** The viewport's height: sizes scale with it above 1080 px (a 4K screen at 100 %). */
  viewportHeight: number;
  gap: number;
  /** The user's level; undefined for the automatic choice. */
  density?: Density;
}

export interface WallFit {
  density: Density;
  columns: number;
  /** Each row's height, CSS px. */
  rowHeight: number;
  /** Every cell is on screen; false when the wall must scroll. */
  fits: boolean;
  /** Text scale over the 1080p sizes (1 up to 1080 px tall, 2 on a 4K screen). */
  scale: number;
}

export function screenScale(viewportHeight: number): number {
  return Math.max(1, viewportHeight / 1080);
}

/** The best grid for one level, or null when its smallest tile cannot show every cell. */
function fitLevel(input: FitInput, density: Density, scale: number): WallFit | null {
  const { cells, width, height, gap } = input;
  const min = { w: MIN_TILE[density].w * scale, h: MIN_TILE[density].h * scale };
  const maxColumns = Math.max(1, Math.floor((width + gap) / (min.w + gap)));
  let best: WallFit | null = null;
  let bestScore = 0;
  for (let columns = 1; columns <= Math.min(maxColumns, cells); columns++) {
    const rows = Math.ceil(cells / columns);
    const tileW = (width - gap * (columns - 1)) / columns;
    const rowHeight = Math.floor((height - gap * (rows - 1)) / rows);
    if (rowHeight < min.h) continue;
    const score = Math.min(tileW / min.w, rowHeight / min.h);
    if (score > bestScore) {
      bestScore = score;
      best = { density, columns, rowHeight, fits: true, scale };
    }
  }
  return best;
}

export function fitWall(input: FitInput): WallFit {
  const scale = screenScale(input.viewportHeight);
  const cells = Math.max(1, input.cells);
  const levels = input.density ? [input.density] : DENSITIES;
  for (const density of levels) {
    const fit = fitLevel({ ...input, cells }, density, scale);
    if (fit) return fit;
  }
  // Nothing fits: the last level tried, at its smallest tile, as many columns as the width takes.
  const density = levels[levels.length - 1]!;
  const min = MIN_TILE[density];
  const columns = Math.max(1, Math.floor((input.width + input.gap) / (min.w * scale + input.gap)));
  return { density, columns: Math.min(columns, cells), rowHeight: Math.round(min.h * scale), fits: false, scale };
}
