// The label form as a popover over a chart, beside the range (or pin, or label) it is about —
// to its left when there is room there, else to its right — so the outlined range stays in
// sight. It is measured once drawn and whenever it or the window changes size, and placed
// (popover-place.ts) inside the chart's box when it fits and always inside the viewport, below
// the sticky header. On a narrow screen it is a bottom sheet (labels.css). When it closes, the
// focus goes back to what had it when it opened (the chart, after L), so the keyboard carries on.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChartPoint } from '../charts/use-label-layer';
import { LabelForm, type LabelFormProps } from './LabelForm';
import { placePopover, type PopoverPlace } from './popover-place';

/** Below this width the popover is a bottom sheet (labels.css, same width). */
const NARROW = '(max-width: 640px)';

export function LabelPopover({ at, ...form }: LabelFormProps & { at: ChartPoint }) {
  const root = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<PopoverPlace | null>(null);
  // Read while rendering, before the form takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  const x = at.x;
  const y = at.y;
  useLayoutEffect(() => {
    const el = root.current;
    const box = el?.offsetParent;
    const content = el?.firstElementChild;
    if (!el || !(box instanceof HTMLElement) || !(content instanceof HTMLElement)) return;
    const measure = () => {
      if (matchMedia(NARROW).matches) return setPlace(null);
      const b = box.getBoundingClientRect();
      setPlace(
        placePopover({
          at: { x, y },
          box: { left: b.left, top: b.top, width: b.width, height: b.height },
          size: { width: el.offsetWidth, height: content.offsetHeight },
          viewport: { width: document.documentElement.clientWidth, height: window.innerHeight },
          topInset: document.querySelector('.app-header')?.getBoundingClientRect().bottom ?? 0,
        }),
      );
    };
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(content);
    window.addEventListener('resize', measure);
    return () => {
      resized.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [x, y]);

  // After the popover has left the page (a passive effect's cleanup), so a focus it held is gone.
  useEffect(
    () => () => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (opener?.isConnected && lost) opener.focus({ preventScroll: true });
    },
    [opener],
  );

  return (
    <div
      ref={root}
      className="label-popover"
      data-testid="label-popover"
      data-placed={place ? 'true' : undefined}
      style={
        place
          ? { left: place.left, top: place.top, maxHeight: place.maxHeight }
          : // Until measured (one layout pass, never painted), and on narrow screens where CSS places it.
            { ['--popover-x' as string]: `${Math.max(0, x - 340 - 24)}px` }
      }
    >
      <LabelForm {...form} />
    </div>
  );
}
