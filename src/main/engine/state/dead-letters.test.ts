import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeadLetterStore, type DeadLetterLimits, type Rejection } from './dead-letters';
import { openStateDb, type StateDb } from './state-db';

const DAY = 86_400_000;
const letter = (k: number, bytes = 10, source = 'plant'): Rejection => ({
  source,
  origin: `topic/${k}`,
  reason: `bad ${k}`,
  raw: new Uint8Array(bytes).fill(0x61),
});

describe('DeadLetterStore', () => {
  let dir: string;
  let db: StateDb;
  const open = (limits: Partial<DeadLetterLimits>, now = 0) =>
    new DeadLetterStore(db, { maxRows: 1000, maxBytes: 1 << 20, maxAgeMs: 30 * DAY, ...limits }, now);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-dead-letters-'));
    db = openStateDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops the oldest letters beyond the row limit, and counts them across restarts', () => {
    const store = open({ maxRows: 5 });
    store.addMany(
      Array.from({ length: 8 }, (_, k) => letter(k)),
      1000,
    );
    expect(store.count).toBe(5);
    expect(store.list(10).map((d) => d.origin)).toEqual(['topic/7', 'topic/6', 'topic/5', 'topic/4', 'topic/3']);
    expect(store.dropped).toEqual({ count: 3, lastAt: 1000 });
    expect(open({ maxRows: 5 }, 2000).dropped).toEqual({ count: 3, lastAt: 1000 });
  });

  it('drops the oldest beyond the byte limit, and those older than the age limit', () => {
    const store = open({ maxBytes: 250, maxAgeMs: DAY });
    store.addMany([letter(0, 100), letter(1, 100)], 0);
    store.addMany([letter(2, 100)], 10);
    expect(store.list(10).map((d) => d.origin)).toEqual(['topic/2', 'topic/1']);
    expect(store.storedBytes).toBe(200);
    store.addMany([letter(3, 10)], 2 * DAY);
    expect(store.list(10).map((d) => d.origin)).toEqual(['topic/3']);
    expect(store.dropped).toEqual({ count: 3, lastAt: 2 * DAY });
    store.remove([store.list(1)[0]!.id]);
    expect([store.count, store.storedBytes]).toEqual([0, 0]);
  });

  it('pages newest first with a cursor, per source, saying where the page stands', () => {
    const store = open({});
    store.addMany(
      Array.from({ length: 7 }, (_, k) => letter(k, 10, k % 2 === 0 ? 'even' : 'odd')),
      0,
    );
    const first = store.page(3);
    expect(first.items.map((d) => d.origin)).toEqual(['topic/6', 'topic/5', 'topic/4']);
    expect(first.newer).toBe(0);
    const second = store.page(3, undefined, first.next!);
    expect(second.items.map((d) => d.origin)).toEqual(['topic/3', 'topic/2', 'topic/1']);
    expect(second.newer).toBe(3);
    const last = store.page(3, undefined, second.next!);
    expect(last).toMatchObject({ next: null, newer: 6 });
    expect(last.items.map((d) => d.origin)).toEqual(['topic/0']);
    const even = store.page(2, 'even');
    expect(even.items.map((d) => d.origin)).toEqual(['topic/6', 'topic/4']);
    expect(store.page(2, 'even', even.next!)).toMatchObject({ newer: 2, next: null });
  });

  it('keeps how many rejections a letter holds and the decoder that reads it again', () => {
    const store = open({});
    const decoder = {
      kind: 'csv' as const,
      separator: ';',
      columns: ['deviceId', 'sensorType', 'value'],
      header: false,
    };
    store.addMany([{ ...letter(0), count: 12, decoder }], 0);
    const [d] = store.list(1);
    expect(d!.count).toBe(12);
    expect(store.payloads([d!.id])[0]!.decoder).toEqual(decoder);
  });
});
