// One shared low-rate clock for everything that changes with the passing of time rather than
// with data: trend windows sliding left, devices going stale. One interval for the whole
// page instead of one per tile.
type Tick = (now: number) => void;

const TICK_MS = 1000;
const listeners = new Set<Tick>();
let timer: ReturnType<typeof setInterval> | undefined;

export function onClockTick(listener: Tick): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      const now = Date.now();
      for (const l of listeners) l(now);
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
