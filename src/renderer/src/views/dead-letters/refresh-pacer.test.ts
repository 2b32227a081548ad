// The Dead letters view and the Sources panel follow the health stream's count without
// hammering the engine when bad payloads pour in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RefreshPacer } from './refresh-pacer';

beforeEach(() => vi.useFakeTimers({ now: 10_000 }));
afterEach(() => vi.useRealTimers());

describe('refresh pacing', () => {
  it('refreshes at once on the first change', () => {
    const refresh = vi.fn();
    new RefreshPacer(refresh, 2000).request();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('folds changes within the interval into one refresh at its end', () => {
    const refresh = vi.fn();
    const pacer = new RefreshPacer(refresh, 2000);
    pacer.request();
    vi.advanceTimersByTime(500);
    pacer.request();
    pacer.request();
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1499);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('lets a manual refresh through and restarts the interval', () => {
    const refresh = vi.fn();
    const pacer = new RefreshPacer(refresh, 2000);
    pacer.request();
    vi.advanceTimersByTime(100);
    pacer.request();
    pacer.refreshNow();
    expect(refresh).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('does nothing more once cancelled (the view went away)', () => {
    const refresh = vi.fn();
    const pacer = new RefreshPacer(refresh, 2000);
    pacer.request();
    pacer.request();
    pacer.cancel();
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
