// The trend buffer: order, wrap-around and the five-minute window the wall draws.
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

const list = (a: Float64Array) => Array.from(a);

describe('RingBuffer', () => {
  it('keeps points oldest first until it is full', () => {
    const b = new RingBuffer(4);
    b.push(1, 10);
    b.push(2, 20);
    b.push(3, 30);
    expect(b.length).toBe(3);
    expect(list(b.toArrays().ts)).toEqual([1, 2, 3]);
    expect(list(b.toArrays().value)).toEqual([10, 20, 30]);
    expect(b.lastTs).toBe(3);
    expect(b.lastValue).toBe(30);
  });

  it('wraps: a full buffer drops the oldest point and stays in time order', () => {
    const b = new RingBuffer(3);
    for (let t = 1; t <= 7; t++) b.push(t, t * 10);
    expect(b.length).toBe(3);
    expect(list(b.toArrays().ts)).toEqual([5, 6, 7]);
    expect(list(b.toArrays().value)).toEqual([50, 60, 70]);
    expect(b.lastValue).toBe(70);
  });

  it('drops points that are not newer than the newest one', () => {
    const b = new RingBuffer(3);
    expect(b.push(5, 1)).toBe(true);
    expect(b.push(5, 2)).toBe(false);
    expect(b.push(4, 3)).toBe(false);
    expect(list(b.toArrays().value)).toEqual([1]);
  });

  it('gives the last five minutes across the wrap point', () => {
    const minute = 60_000;
    const b = new RingBuffer(8);
    // 12 points one minute apart: the buffer holds minutes 4..11 with its start mid-array.
    for (let m = 0; m < 12; m++) b.push(m * minute, m);
    const now = 11 * minute;
    const w = b.since(now - 5 * minute);
    expect(list(w.ts)).toEqual([6, 7, 8, 9, 10, 11].map((m) => m * minute));
    expect(list(w.value)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(b.since(now + 1).ts.length).toBe(0);
    expect(b.since(0).ts.length).toBe(8);
  });

  it('merges history that precedes and overlaps live points, without duplicates', () => {
    const b = new RingBuffer(10);
    b.push(50, 5);
    b.push(60, 6);
    b.merge([10, 20, 50, 55], [1, 2, 999, 5.5]);
    expect(list(b.toArrays().ts)).toEqual([10, 20, 50, 55, 60]);
    // The point already held wins over history for the same timestamp.
    expect(list(b.toArrays().value)).toEqual([1, 2, 5, 5.5, 6]);
    b.push(70, 7);
    expect(b.lastTs).toBe(70);
  });

  it('keeps the newest points when a merge exceeds capacity', () => {
    const b = new RingBuffer(3);
    b.push(100, 1);
    b.merge([10, 20, 30, 40], [1, 2, 3, 4]);
    expect(list(b.toArrays().ts)).toEqual([30, 40, 100]);
  });
});
