// Waits until a burst of calls (zoom and pan steps) has been quiet for `ms`, then makes one
// call with the last arguments: one history query per gesture, not one per wheel notch.

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drops a pending call (the view went away, or the input it was about changed). */
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
