// The state database (SQLite, WAL): devices, alarms and their journal, dead letters, settings.
// Small, transactional, many readers. Migrations are numbered and applied once, in order.
import Database from 'better-sqlite3';
import { join } from 'node:path';

export type StateDb = Database.Database;

const MIGRATIONS: readonly string[] = [
  // 1: the walking skeleton
  `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT NOT NULL,
    signals TEXT NOT NULL,
    unconfigured INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE alarms (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    device_id TEXT NOT NULL,
    signal TEXT NOT NULL,
    kind TEXT NOT NULL,
    priority TEXT NOT NULL,
    state TEXT NOT NULL,
    value REAL NOT NULL,
    limit_value REAL NOT NULL,
    raised_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL,
    returned_at INTEGER,
    acked_at INTEGER,
    acked_by TEXT,
    ack_comment TEXT,
    closed_at INTEGER
  );
  -- at most one open alarm per key: repeats update it, never add a row
  CREATE UNIQUE INDEX alarms_open_key ON alarms(key) WHERE state <> 'normal';
  CREATE INDEX alarms_state ON alarms(state, raised_at);
  CREATE TABLE alarm_journal (
    id INTEGER PRIMARY KEY,
    alarm_id INTEGER NOT NULL REFERENCES alarms(id),
    at INTEGER NOT NULL,
    event TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    by TEXT,
    comment TEXT,
    value REAL
  );
  CREATE INDEX alarm_journal_alarm ON alarm_journal(alarm_id, at);
  CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    raw BLOB NOT NULL,
    size INTEGER NOT NULL
  );
  CREATE INDEX dead_letters_at ON dead_letters(at);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: dead letters can be re-queued
  `
  ALTER TABLE dead_letters ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE dead_letters ADD COLUMN retried_at INTEGER;
  -- 'source': the payload as it arrived; 'json': one decoded reading, in the documented JSON form
  ALTER TABLE dead_letters ADD COLUMN format TEXT NOT NULL DEFAULT 'source';
  CREATE INDEX dead_letters_source ON dead_letters(source, id);
  `,
];

export function openStateDb(dataDir: string): StateDb {
  const db = new Database(join(dataDir, 'state.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: StateDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `state.db has schema version ${current}, newer than this Watchfloor (${MIGRATIONS.length}); refusing to open it`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
