// Live charts draw through one queue instead of each on its own: a chart asks to be drawn, and
// the queue draws each asking chart once, on an animation frame, as many per frame as fit in a
// frame budget — the rest on the next frame. Sixteen trend charts of ten series fed at 1 Hz
// otherwise drew once per changed series (160 full chart renders a second, all in the same few
// frames: 1.5 fps and 1.3 s long tasks; `npm run bench -- trend-charts`). A chart is also drawn
// at most every MIN_INTERVAL_MS: a five-minute window on a few hundred pixels moves less than a
// pixel in that time, so more often draws nothing new.

/** Work per frame before the rest waits for the next one (a 60 Hz frame is 16.7 ms). */
const FRAME_BUDGET_MS = 8;
/** The least time between two draws of one chart. */
export const MIN_INTERVAL_MS = 1000;

interface Entry {
  draw: () => void;
  last: number;
  queued: boolean;
  /** Asked for within its interval: drawn when the interval ends. */
  due: boolean;
}

const entries = new Map<object, Entry>();
const queue: Entry[] = [];
let frame = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

const schedule = (cb: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(cb) : (setTimeout(cb, 16) as unknown as number);

function run(): void {
  frame = 0;
  const start = performance.now();
  while (queue.length > 0) {
    const e = queue.shift()!;
    e.queued = false;
    e.last = performance.now();
    e.draw();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  if (queue.length > 0) frame = schedule(run);
}

function enqueue(e: Entry): void {
  if (e.queued) return;
  e.queued = true;
  queue.push(e);
  if (!frame) frame = schedule(run);
}

/** Wakes up for the chart whose interval ends soonest. */
function wake(): void {
  if (timer) return;
  let soonest = Infinity;
  const now = performance.now();
  for (const e of entries.values()) if (e.due) soonest = Math.min(soonest, e.last + MIN_INTERVAL_MS - now);
  if (!Number.isFinite(soonest)) return;
  timer = setTimeout(
    () => {
      timer = undefined;
      const t = performance.now();
      for (const e of entries.values()) {
        const d = e as Entry & { due?: boolean };
        if (d.due && t - e.last >= MIN_INTERVAL_MS) {
          d.due = false;
          enqueue(e);
        }
      }
      wake();
    },
    Math.max(0, soonest),
  );
}

/**
 * Registers a chart's draw; returns `request` (draw soon: on the next frame with room, and not
 * sooner than MIN_INTERVAL_MS after its last draw) and `stop` (forget it).
 */
export function drawQueue(owner: object, draw: () => void): { request(): void; stop(): void } {
  const entry: Entry = { draw, last: -Infinity, queued: false, due: false };
  entries.set(owner, entry);
  return {
    request() {
      if (entry.queued || entry.due) return;
      if (performance.now() - entry.last >= MIN_INTERVAL_MS) enqueue(entry);
      else {
        entry.due = true;
        wake();
      }
    },
    stop() {
      entries.delete(owner);
      entry.due = false;
      const i = queue.indexOf(entry);
      if (i >= 0) queue.splice(i, 1);
    },
  };
}
