// A slow answer to an old request must never replace the answer to the newest one: the chart
// would jump back to a range the operator already left.
import { describe, expect, it } from 'vitest';
import { LatestRequest } from './latest-request';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('latest request guard', () => {
  it('drops an older answer that arrives after a newer one', async () => {
    const guard = new LatestRequest();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = guard.run(() => first.promise);
    const b = guard.run(() => second.promise);
    second.resolve('zoomed');
    first.resolve('whole range');
    expect(await b).toEqual({ current: true, value: 'zoomed' });
    expect(await a).toEqual({ current: false });
  });

  it('drops an older answer that arrives first, before the newer one', async () => {
    const guard = new LatestRequest();
    const first = deferred<number>();
    const a = guard.run(() => first.promise);
    const b = guard.run(async () => 2);
    first.resolve(1);
    expect(await a).toEqual({ current: false });
    expect(await b).toEqual({ current: true, value: 2 });
  });

  it('reports the error of the current request, and swallows a stale one', async () => {
    const guard = new LatestRequest();
    const first = deferred<number>();
    const a = guard.run(() => first.promise);
    const b = guard.run(() => Promise.reject(new Error('engine down')));
    first.reject(new Error('old failure'));
    expect(await a).toEqual({ current: false });
    await expect(b).rejects.toThrow('engine down');
  });

  it('makes everything in flight stale on invalidate', async () => {
    const guard = new LatestRequest();
    const first = deferred<number>();
    const a = guard.run(() => first.promise);
    guard.invalidate();
    first.resolve(1);
    expect(await a).toEqual({ current: false });
  });

  it('hands out tickets where only the last is current', () => {
    const guard = new LatestRequest();
    const t1 = guard.begin();
    const t2 = guard.begin();
    expect(guard.isCurrent(t1)).toBe(false);
    expect(guard.isCurrent(t2)).toBe(true);
  });
});
