import { describe, expect, it } from 'vitest';
import { resumableStreams } from '../../../shared/contract/resumable';
import type { StreamHandlers } from '../../../shared/rpc/server';
import { startStreamLogs } from './stream-logs';

/** Stream handlers that hand out their emitters, and count who subscribed with what. */
function fakeHandlers() {
  const emitters = new Map<string, (e: unknown) => void>();
  const params = new Map<string, unknown>();
  const handlers = new Proxy(
    {},
    {
      get: (_t, name: string) => (p: unknown, emit: (e: unknown) => void) => {
        emitters.set(name, emit);
        params.set(name, p);
        return () => emitters.delete(name);
      },
    },
  ) as StreamHandlers;
  return { handlers, emitters, params };
}

describe('stream logs', () => {
  it('logs exactly the streams the contract flags resumable, each subscribed once without a filter', () => {
    const { handlers, emitters, params } = fakeHandlers();
    const logs = startStreamLogs(handlers, { windowMs: 60_000, clock: () => 0 });
    expect([...emitters.keys()].sort()).toEqual(
      [
        'alarms.changes',
        'alarms.flood',
        'annotations.changes',
        'devices.deaths',
        'jobs.progress',
        'notifications.desktop',
      ].sort(),
    );
    expect(resumableStreams().every((s) => logs.resumable(s))).toBe(true);
    expect(logs.resumable('live.readings')).toBe(false);
    expect(params.get('annotations.changes')).toEqual({});
    logs.stop();
    expect(emitters.size).toBe(0);
  });

  it("replays to a filtered subscription only what its parameters match (the contract's matches)", () => {
    const { handlers, emitters } = fakeHandlers();
    const logs = startStreamLogs(handlers, { windowMs: 60_000, clock: () => 0, epoch: 'e' });
    const emit = emitters.get('annotations.changes')!;
    const label = (deviceId: string, id: number) => ({ annotation: { id, deviceId }, action: 'created' });
    emit(label('pump-1', 1));
    emit(label('pump-2', 2));
    emit(label('pump-1', 3));
    const got: number[] = [];
    logs.subscribe(
      'annotations.changes',
      { deviceId: 'pump-1' },
      { epoch: 'e', seq: 0 },
      { at: () => {}, reset: () => {}, event: (seq) => got.push(seq) },
    );
    emit(label('pump-2', 4));
    emit(label('pump-1', 5));
    expect(got).toEqual([1, 3, 5]);

    const jobs: number[] = [];
    const job = emitters.get('jobs.progress')!;
    job({ id: 'j1' });
    logs.subscribe('jobs.progress', { id: 'j2' }, undefined, {
      at: () => {},
      reset: () => {},
      event: (seq) => jobs.push(seq),
    });
    job({ id: 'j1' });
    job({ id: 'j2' });
    expect(jobs).toEqual([3]);
  });
});
