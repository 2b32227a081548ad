// The background report queue as the alarm path sees it: an offer costs microseconds and never
// throws, a flood leaves at most queueLimit waiting, the newest goes first, one report at a time,
// at most perMinute starts a minute, stale ones are dropped, an operator's regenerate jumps the
// queue, and stop() ends the running report without saving it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlarmReport, AssistantConfig, ReportState } from '../../../../shared/contract/assistant';
import { raisedAlarm, type Alarm, type Priority } from '../../../../shared/domain';
import { MAX_WAIT_MS, ReportQueue } from './report-queue';

type Reports = AssistantConfig['reports'];

function alarm(id: number, over: { key?: string; priority?: Priority } = {}): Alarm {
  return {
    ...raisedAlarm({
      key: over.key ?? `device-${id}/pressure/high`,
      deviceId: `device-${id}`,
      signal: 'pressure',
      kind: 'high',
      area: 'default',
      priority: over.priority ?? 'high',
      value: 57,
      limit: 55,
      at: Date.now(),
    }),
    id,
  };
}

const report = (alarmId: number, source: AlarmReport['source'] = 'model') => ({ alarmId, source }) as AlarmReport;

interface Pending {
  alarm: Alarm;
  signal: AbortSignal;
  resolve(r: AlarmReport): void;
  reject(e: Error): void;
}

function setup(config: Partial<Reports> = {}) {
  const cfg: Reports = { enabled: true, minPriority: 'high', perMinute: 6, queueLimit: 20, ...config };
  const started: Pending[] = [];
  const saved: AlarmReport[] = [];
  const logs: string[] = [];
  const changes: [number, ReportState][] = [];
  const queue = new ReportQueue({
    make: (a, signal) =>
      new Promise<AlarmReport>((resolve, reject) => started.push({ alarm: a, signal, resolve, reject })),
    save: (r) => void saved.push(r),
    has: (id) => saved.some((r) => r.alarmId === id),
    config: () => cfg,
    clock: () => Date.now(),
    log: (m) => void logs.push(m),
  });
  queue.onChange((id, state) => void changes.push([id, state]));
  return { queue, cfg, started, saved, logs, changes };
}

/** Finishes the running report and lets the queue start the next one. */
async function finish(p: Pending | undefined, source: AlarmReport['source'] = 'model') {
  p!.resolve(report(p!.alarm.id, source));
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Date.UTC(2026, 11, 6, 3, 0));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReportQueue', () => {
  it('takes a flood of 10,000 raised alarms at well under 1 ms an offer and keeps at most queueLimit', async () => {
    const { queue, started } = setup();
    const alarms = Array.from({ length: 10_000 }, (_, i) => alarm(i + 1, { key: `device-${i % 500}/pressure/high` }));
    const t0 = performance.now();
    for (const a of alarms) queue.offer(a);
    const perOffer = (performance.now() - t0) / alarms.length;
    expect(perOffer).toBeLessThan(1);
    // Nothing started on the alarm path itself: work begins on a later tick.
    expect(started).toHaveLength(0);
    expect(queue.counts()).toMatchObject({ queued: 20, running: 0 });
    // 500 keys cycling: a key comes back only after its alarm was pushed out, so every offer past
    // the 20th drops the oldest waiting one.
    expect(queue.counts().dropped).toBe(10_000 - 20);
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((p) => p.alarm.id)).toEqual([10_000]);
    expect(queue.counts()).toMatchObject({ queued: 19, running: 1 });
    console.info(`report queue: ${(perOffer * 1000).toFixed(2)} µs per offer over 10,000 offers`);
  });

  it('makes one report at a time, newest first, at most perMinute starts a minute', async () => {
    const { queue, started, saved } = setup({ perMinute: 3 });
    for (let id = 1; id <= 5; id++) queue.offer(alarm(id));
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((p) => p.alarm.id)).toEqual([5]);
    expect(queue.state(5)).toBe('running');
    expect(queue.state(1)).toBe('queued');
    await finish(started[0]);
    await finish(started[1]);
    await finish(started[2]);
    expect(started.map((p) => p.alarm.id)).toEqual([5, 4, 3]);
    expect(saved.map((r) => r.alarmId)).toEqual([5, 4, 3]);
    // The fourth waits for the first start to be a minute old.
    await vi.advanceTimersByTimeAsync(59_000);
    expect(started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started.map((p) => p.alarm.id)).toEqual([5, 4, 3, 2]);
    expect(queue.state(5)).toBe('ready');
    expect(queue.counts()).toMatchObject({ queued: 1, running: 1, made: 3 });
  });

  it('keeps only the newest alarm of a key, and ignores alarms below minPriority or when reports are off', async () => {
    const { queue, cfg, changes } = setup();
    queue.offer(alarm(1, { key: 'device-002/pressure/high' }));
    queue.offer(alarm(2, { key: 'device-002/pressure/high' }));
    queue.offer(alarm(3, { priority: 'medium' }));
    expect(queue.state(1)).toBe('none');
    expect(queue.state(2)).toBe('queued');
    expect(queue.state(3)).toBe('none');
    expect(changes).toEqual([
      [1, 'queued'],
      [1, 'none'],
      [2, 'queued'],
    ]);
    cfg.enabled = false;
    queue.offer(alarm(4, { priority: 'critical' }));
    expect(queue.state(4)).toBe('none');
    expect(queue.counts().queued).toBe(1);
  });

  it('drops alarms that waited more than 10 minutes, and counts them', async () => {
    const { queue, started } = setup({ perMinute: 1 });
    queue.offer(alarm(1));
    await vi.advanceTimersByTimeAsync(0);
    queue.offer(alarm(2));
    queue.offer(alarm(3));
    // The running report takes 11 minutes (a very slow machine).
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS + 60_000);
    await finish(started[0]);
    expect(queue.state(2)).toBe('none');
    expect(queue.state(3)).toBe('none');
    expect(queue.counts()).toMatchObject({ queued: 0, dropped: 2, made: 1 });
    expect(started).toHaveLength(1);
  });

  it('regenerates ahead of the queue, past minPriority and the rate limit', async () => {
    const { queue, started } = setup({ perMinute: 1 });
    queue.offer(alarm(1));
    queue.offer(alarm(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((p) => p.alarm.id)).toEqual([2]);
    queue.regenerate(alarm(9, { priority: 'low' }));
    expect(queue.state(9)).toBe('queued');
    await finish(started[0]);
    expect(started.map((p) => p.alarm.id)).toEqual([2, 9]);
    // The rate limit still holds alarm 1 back.
    await finish(started[1]);
    expect(started).toHaveLength(2);
    expect(queue.state(1)).toBe('queued');
  });

  it('counts fallbacks, and a failed report leaves the alarm without one and the queue going', async () => {
    const { queue, started, logs } = setup();
    queue.offer(alarm(1));
    queue.offer(alarm(2));
    await vi.advanceTimersByTimeAsync(0);
    started[0]!.reject(new Error('disk full'));
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.state(2)).toBe('none');
    expect(logs.join('\n')).toContain('report for alarm 2 failed: disk full');
    await finish(started[1], 'retrieval');
    expect(queue.state(1)).toBe('ready');
    expect(queue.counts()).toMatchObject({ made: 1, fallbacks: 1, queued: 0, running: 0 });
  });

  it('never throws on the alarm path, even when a listener or the configuration does', () => {
    const { queue, logs } = setup();
    queue.onChange(() => {
      throw new Error('listener broke');
    });
    expect(() => queue.offer(alarm(1))).not.toThrow();
    expect(queue.state(1)).toBe('queued');
    const broken = new ReportQueue({
      make: () => Promise.reject(new Error('x')),
      save: () => undefined,
      has: () => false,
      config: () => {
        throw new Error('config unreadable');
      },
      clock: Date.now,
      log: (m) => void logs.push(m),
    });
    expect(() => broken.offer(alarm(2))).not.toThrow();
    expect(logs.join('\n')).toContain('config unreadable');
  });

  it('stop() aborts the running report, waits for it and saves nothing', async () => {
    const { queue, started, saved } = setup();
    queue.offer(alarm(1));
    queue.offer(alarm(2));
    await vi.advanceTimersByTimeAsync(0);
    const running = started[0]!;
    running.signal.addEventListener('abort', () => running.resolve(report(running.alarm.id)));
    await queue.stop();
    expect(running.signal.aborted).toBe(true);
    expect(saved).toEqual([]);
    queue.offer(alarm(3));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(1);
    expect(queue.counts()).toMatchObject({ queued: 0, running: 0 });
  });
});
