// An installation upgraded from before alarm management keeps its alarms and their journal.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { MIGRATIONS, openStateDb } from '../state/state-db';
import { AlarmStore } from './alarm-store';

let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => dir?.remove());

it('keeps existing alarms and journal entries when the alarm table is rebuilt', () => {
  dir = makeTempDir();
  const mine = MIGRATIONS.findIndex((m) => m.includes('alarm_floods'));
  const old = new Database(join(dir.path, 'state.db'));
  old.pragma('foreign_keys = ON');
  for (let v = 0; v < mine; v++) {
    old.exec(MIGRATIONS[v]!);
    old.pragma(`user_version = ${v + 1}`);
  }
  old.exec(`INSERT INTO alarms (id, key, device_id, signal, kind, priority, state, value, limit_value, raised_at,
      last_at, count) VALUES (7, 'd1/t/high', 'd1', 't', 'high', 'high', 'unack_active', 90, 85, 1000, 1000, 1);
    INSERT INTO alarm_journal (alarm_id, at, event, from_state, to_state) VALUES (7, 1000, 'raised', 'normal', 'unack_active');`);
  old.close();

  const db = openStateDb(dir.path);
  try {
    const store = new AlarmStore(db);
    expect(store.get(7)).toMatchObject({ state: 'unack_active', limit: 85, conditionActive: true, area: 'default' });
    expect(store.journal(7).map((j) => j.event)).toEqual(['raised']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The journal still refers to the rebuilt table.
    expect(() =>
      db
        .prepare(
          `INSERT INTO alarm_journal (alarm_id, at, event, from_state, to_state) VALUES (999, 1, 'x', 'normal', 'normal')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  } finally {
    db.close();
  }
});
