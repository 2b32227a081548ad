// Live charts must not each redraw once per changed series: the queue draws a chart once however
// often it asks, at most once per interval, and spreads charts over frames.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drawQueue, MIN_INTERVAL_MS } from './draw-queue';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'performance', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('draw queue', () => {
  it('draws a chart once for many requests in one frame', () => {
    const draw = vi.fn();
    const q = drawQueue({}, draw);
    for (let i = 0; i < 10; i++) q.request();
    vi.advanceTimersByTime(20);
    expect(draw).toHaveBeenCalledTimes(1);
    q.stop();
  });

  it('waits out the interval before drawing the same chart again, then draws the latest once', () => {
    const draw = vi.fn();
    const q = drawQueue({}, draw);
    q.request();
    vi.advanceTimersByTime(20);
    q.request();
    q.request();
    vi.advanceTimersByTime(MIN_INTERVAL_MS / 2);
    expect(draw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(MIN_INTERVAL_MS);
    expect(draw).toHaveBeenCalledTimes(2);
    q.stop();
  });

  it('leaves charts over the frame budget for the next frame', () => {
    let clock = performance.now();
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const order: number[] = [];
    const queues = [0, 1, 2].map((i) =>
      drawQueue({}, () => {
        order.push(i);
        clock += 10; // each draw takes 10 ms, more than a frame's budget
      }),
    );
    for (const q of queues) q.request();
    vi.advanceTimersByTime(17);
    expect(order).toEqual([0]);
    vi.advanceTimersByTime(40);
    expect(order).toEqual([0, 1, 2]);
    for (const q of queues) q.stop();
    now.mockRestore();
  });

  it('forgets a stopped chart', () => {
    const draw = vi.fn();
    const q = drawQueue({}, draw);
    q.request();
    q.stop();
    vi.advanceTimersByTime(50);
    expect(draw).not.toHaveBeenCalled();
  });
});
