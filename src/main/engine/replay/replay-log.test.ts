import { describe, expect, it } from 'vitest';
import type { ReplaySink, StreamPosition } from '../../../shared/rpc/stream-replay';
import { ReplayLog } from './replay-log';

function recorder() {
  const got: { seq: number; event: unknown }[] = [];
  const places: StreamPosition[] = [];
  let resets = 0;
  const sink: ReplaySink = {
    at: (p) => places.push(p),
    event: (seq, event) => got.push({ seq, event }),
    reset: () => resets++,
  };
  return { sink, got, places, resets: () => resets, seqs: () => got.map((g) => g.seq) };
}

const all = () => true;
const tick = () => new Promise((r) => setImmediate(r));

describe('ReplayLog', () => {
  it('replays what a reader missed, in order, then goes on live', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    for (let i = 1; i <= 5; i++) log.append(`a${i}`);
    const r = recorder();
    log.subscribe({ epoch: 'e1', seq: 2 }, all, r.sink);
    log.append('a6');
    expect(r.places).toEqual([{ epoch: 'e1', seq: 2 }]);
    expect(r.got).toEqual([3, 4, 5, 6].map((seq) => ({ seq, event: `a${seq}` })));
    expect(r.resets()).toBe(0);
  });

  it('starts a reader without a place at the newest event', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    log.append('old');
    const r = recorder();
    log.subscribe(undefined, all, r.sink);
    log.append('new');
    expect(r.places).toEqual([{ epoch: 'e1', seq: 1 }]);
    expect(r.got).toEqual([{ seq: 2, event: 'new' }]);
  });

  it('resets a place older than the window, and goes on from the newest event', () => {
    let now = 0;
    const log = new ReplayLog({ epoch: 'e1', windowMs: 10_000, maxEntries: 1000, clock: () => now });
    log.append('a1');
    now = 5_000;
    log.append('a2');
    now = 12_000; // a1 is now older than the window, a2 is not
    expect(log.canResume({ epoch: 'e1', seq: 0 })).toBe(false);
    expect(log.canResume({ epoch: 'e1', seq: 1 })).toBe(true);
    const r = recorder();
    log.subscribe({ epoch: 'e1', seq: 0 }, all, r.sink);
    log.append('a3');
    expect(r.resets()).toBe(1);
    expect(r.places).toEqual([{ epoch: 'e1', seq: 2 }]);
    expect(r.seqs()).toEqual([3]);
  });

  it('resumes a reader that missed nothing even when everything it saw has left the window', () => {
    let now = 0;
    const log = new ReplayLog({ epoch: 'e1', windowMs: 10_000, maxEntries: 1000, clock: () => now });
    log.append('a1');
    now = 60_000;
    const r = recorder();
    log.subscribe({ epoch: 'e1', seq: 1 }, all, r.sink);
    expect(r.resets()).toBe(0);
    log.append('a2');
    expect(r.seqs()).toEqual([2]);
  });

  it('resets a place of another engine start, or one the engine never reached', () => {
    const log = new ReplayLog({ epoch: 'e2', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    log.append('a1');
    const other = recorder();
    log.subscribe({ epoch: 'e1', seq: 1 }, all, other.sink);
    const ahead = recorder();
    log.subscribe({ epoch: 'e2', seq: 7 }, all, ahead.sink);
    expect(other.resets()).toBe(1);
    expect(ahead.resets()).toBe(1);
    expect(other.got).toEqual([]);
  });

  it('drops the oldest events beyond its cap, and resets a place among them', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 3, clock: () => 0 });
    for (let i = 1; i <= 5; i++) log.append(i);
    expect(log.size).toBe(3);
    expect(log.firstSeq).toBe(3);
    expect(log.canResume({ epoch: 'e1', seq: 1 })).toBe(false);
    expect(log.canResume({ epoch: 'e1', seq: 2 })).toBe(true);
  });

  it('gives a filtered reader only the events its parameters match, replayed and live', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    const events = ['a:1', 'b:1', 'a:2', 'b:2'];
    for (const e of events) log.append(e);
    const r = recorder();
    log.subscribe({ epoch: 'e1', seq: 0 }, (e) => String(e).startsWith('a'), r.sink);
    log.append('b:3');
    log.append('a:3');
    expect(r.got).toEqual([
      { seq: 1, event: 'a:1' },
      { seq: 3, event: 'a:2' },
      { seq: 6, event: 'a:3' },
    ]);
  });

  it('has neither a gap nor a repeat when events arrive while a long catch-up is sliced', async () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 100_000, clock: () => 0, sliceSize: 7 });
    for (let i = 1; i <= 50; i++) log.append(i);
    const r = recorder();
    log.subscribe({ epoch: 'e1', seq: 10 }, all, r.sink);
    expect(r.seqs()).toEqual([11, 12, 13, 14, 15, 16, 17]); // one slice, then the event loop's turn
    for (let i = 51; i <= 60; i++) {
      log.append(i); // live events while it catches up
      await tick();
    }
    while (r.got.length < 50) await tick();
    expect(r.seqs()).toEqual(Array.from({ length: 50 }, (_, i) => i + 11));
    expect(r.got.map((g) => g.event)).toEqual(r.seqs());
  });

  it('gives an event caused by a listener after the one it is handling, once', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    const got: number[] = [];
    log.subscribe(undefined, all, {
      at: () => {},
      reset: () => {},
      event: (seq) => {
        got.push(seq);
        if (seq === 1) log.append('caused');
      },
    });
    log.append('first');
    log.append('third');
    expect(got).toEqual([1, 2, 3]);
  });

  it('stops giving events to a reader that left', () => {
    const log = new ReplayLog({ epoch: 'e1', windowMs: 60_000, maxEntries: 1000, clock: () => 0 });
    const r = recorder();
    const stop = log.subscribe(undefined, all, r.sink);
    log.append(1);
    stop();
    log.append(2);
    expect(r.seqs()).toEqual([1]);
  });
});
