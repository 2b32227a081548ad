// The hot path's promise: at most one redraw per series per frame, and only for what changed.
import { describe, expect, it } from 'vitest';
import { TelemetryStore } from './telemetry-store';

function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => void queue.push(cb),
    runFrame: () => queue.splice(0).forEach((cb) => cb()),
    pending: () => queue.length,
  };
}

const reading = (deviceId: string, ts: number, value: number) => ({
  deviceId,
  signal: 's',
  ts,
  value,
  quality: 'good' as const,
});

describe('TelemetryStore', () => {
  it('redraws a series once per frame however many readings arrived', () => {
    const frames = manualFrames();
    const store = new TelemetryStore(frames.schedule);
    let calls = 0;
    store.subscribe('a/s', () => calls++);
    store.append([reading('a', 1, 1)]);
    store.append([reading('a', 2, 2), reading('a', 3, 3)]);
    expect(frames.pending()).toBe(1);
    expect(calls).toBe(0);
    frames.runFrame();
    expect(calls).toBe(1);
    expect(store.latest('a/s')?.value).toBe(3);
  });

  it('only calls the listeners of series that changed', () => {
    const frames = manualFrames();
    const store = new TelemetryStore(frames.schedule);
    const calls: string[] = [];
    store.subscribe('a/s', () => calls.push('a'));
    store.subscribe('b/s', () => calls.push('b'));
    store.append([reading('b', 1, 1)]);
    frames.runFrame();
    expect(calls).toEqual(['b']);
  });

  it('does not wake anyone for a stale reading', () => {
    const frames = manualFrames();
    const store = new TelemetryStore(frames.schedule);
    store.append([reading('a', 5, 1)]);
    store.subscribe('a/s', () => {});
    store.append([reading('a', 4, 2)]);
    expect(frames.pending()).toBe(0);
  });
});
