import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../state/state-db';
import { SavedViewStore } from './saved-views';

describe('saved analytics views', () => {
  let dir: string;
  let db: StateDb;
  let now = 1_000;
  const logs: string[] = [];
  const store = () =>
    new SavedViewStore(
      db,
      () => now,
      (m) => logs.push(m),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-saved-views-'));
    db = openStateDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps views by name across reopening the state file, replacing one saved again', () => {
    store().save('Line 1 temperatures', 'v=1&p=overlay', 'alice');
    now = 2_000;
    store().save('Boilers', 'v=1&p=compare', 'bob');
    now = 3_000;
    store().save('Line 1 temperatures', 'v=1&p=correlation', 'carol');
    db.close();
    db = openStateDb(dir);
    expect(store().list()).toEqual([
      { name: 'Boilers', query: 'v=1&p=compare', savedAt: 2_000, savedBy: 'bob' },
      { name: 'Line 1 temperatures', query: 'v=1&p=correlation', savedAt: 3_000, savedBy: 'carol' },
    ]);
  });

  it('deletes by name and says when there was nothing to delete', () => {
    store().save('A', 'v=1', 'local');
    expect(store().delete('B')).toBe(false);
    expect(store().delete('A')).toBe(true);
    expect(store().list()).toEqual([]);
  });

  it('reads a row it cannot parse as no views, and says so in the log', () => {
    db.prepare("INSERT INTO settings (key, value) VALUES ('analytics.savedViews', 'not json')").run();
    expect(store().list()).toEqual([]);
    expect(logs.join('\n')).toMatch(/saved analytics views/);
  });
});
