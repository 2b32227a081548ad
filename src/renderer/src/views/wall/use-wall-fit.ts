// Measures the space the Wall has — its width (ResizeObserver) and the viewport's height below
// its top edge — and fits the grid to it (wall-fit.ts). Re-fits when the screen or the number
// of cells changes; one observer for the whole wall, no per-tile work.
import { useLayoutEffect, useState, type RefObject } from 'react';
import { fitWall, type Density, type WallFit } from './wall-fit';

export const WALL_GAP = 6;

interface Space {
  width: number;
  height: number;
  viewportHeight: number;
}

function measure(el: HTMLElement): Space {
  const main = el.closest('.app-main');
  const pad = main ? parseFloat(getComputedStyle(main).paddingBottom) || 0 : 0;
  const top = el.getBoundingClientRect().top + window.scrollY;
  const viewportHeight = document.documentElement.clientHeight;
  return { width: el.clientWidth, height: Math.max(0, viewportHeight - top - pad), viewportHeight };
}

export function useWallFit(ref: RefObject<HTMLElement | null>, cells: number, density?: Density): WallFit | null {
  const [space, setSpace] = useState<Space | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () =>
      setSpace((prev) => {
        const next = measure(el);
        return prev && prev.width === next.width && prev.height === next.height ? prev : next;
      });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
    // The cells (an overview band appearing, areas changing) move the wall's top: measure again.
  }, [ref, cells]);
  if (!space || space.width === 0) return null;
  return fitWall({ cells, ...space, gap: WALL_GAP, density });
}
