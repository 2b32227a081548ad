// The state database (SQLite, WAL): devices, alarms and their journal, dead letters, settings,
// expert labels (annotations).
// Small, transactional, many readers. Migrations are numbered and applied once, in order.
import Database from 'better-sqlite3';
import { join } from 'node:path';

export type StateDb = Database.Database;

export const MIGRATIONS: readonly string[] = [
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
  // alarm management: ISA-18.2 hidden states, shelving, chattering, reminders, resolution; alarms
  // without a limit (offline); devices in operator areas; flood periods for the KPIs
  `
  -- limit_value becomes nullable: the table is rebuilt (SQLite's documented procedure; foreign
  -- keys are off while migrations run, and checked before they commit).
  CREATE TABLE alarms_new (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    device_id TEXT NOT NULL,
    signal TEXT NOT NULL,
    kind TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT 'default',
    priority TEXT NOT NULL,
    state TEXT NOT NULL,
    value REAL NOT NULL,
    limit_value REAL,
    message TEXT,
    condition_active INTEGER NOT NULL DEFAULT 0,
    raised_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL,
    returned_at INTEGER,
    acked_at INTEGER,
    acked_by TEXT,
    ack_comment TEXT,
    shelved_until INTEGER,
    shelved_by TEXT,
    shelve_reason TEXT,
    chattering INTEGER NOT NULL DEFAULT 0,
    reminders INTEGER NOT NULL DEFAULT 0,
    reminded_at INTEGER,
    closed_at INTEGER,
    closed_by TEXT,
    close_comment TEXT
  );
  INSERT INTO alarms_new (id, key, device_id, signal, kind, priority, state, value, limit_value, condition_active,
      raised_at, last_at, count, returned_at, acked_at, acked_by, ack_comment, closed_at)
    SELECT id, key, device_id, signal, kind, priority, state, value, limit_value,
      CASE WHEN state IN ('unack_active', 'ack_active') THEN 1 ELSE 0 END,
      raised_at, last_at, count, returned_at, acked_at, acked_by, ack_comment, closed_at FROM alarms;
  DROP TABLE alarms;
  ALTER TABLE alarms_new RENAME TO alarms;
  CREATE UNIQUE INDEX alarms_open_key ON alarms(key) WHERE state <> 'normal';
  CREATE INDEX alarms_state ON alarms(state, raised_at);
  CREATE INDEX alarms_closed ON alarms(closed_at) WHERE state = 'normal';
  CREATE INDEX alarm_journal_at ON alarm_journal(at, event);
  ALTER TABLE devices ADD COLUMN area TEXT NOT NULL DEFAULT '';
  CREATE TABLE alarm_floods (
    id INTEGER PRIMARY KEY,
    area TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    peak INTEGER NOT NULL
  );
  CREATE INDEX alarm_floods_area ON alarm_floods(area, started_at);
  `,
  // notifications: every delivery (pending ones are the persisted queue) and every attempt
  `
  CREATE TABLE notification_deliveries (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    event TEXT NOT NULL,
    alarm_id INTEGER,
    alarm_key TEXT,
    route_id TEXT,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    sent_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX notification_deliveries_status ON notification_deliveries(status, id);
  CREATE INDEX notification_deliveries_created ON notification_deliveries(created_at);
  CREATE TABLE notification_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES notification_deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL,
    duration_ms REAL NOT NULL
  );
  CREATE INDEX notification_attempts_delivery ON notification_attempts(delivery_id, attempt);
  `,
  // models: the registry of per-device models (status shadow → active → retired; `replaced_id` is
  // what an activation replaced, for one-step rollback) and the scores of every active and
  // shadow model, kept side by side for comparison
  `
  CREATE TABLE models (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    signals TEXT NOT NULL,
    threshold REAL NOT NULL,
    io TEXT NOT NULL,
    file TEXT NOT NULL,
    trained_from INTEGER,
    trained_to INTEGER,
    metrics TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    activated_at INTEGER,
    retired_at INTEGER,
    replaced_id TEXT
  );
  CREATE UNIQUE INDEX models_one_active ON models(device_id) WHERE status = 'active';
  CREATE INDEX models_device ON models(device_id, version);
  CREATE TABLE model_scores (
    model_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    score REAL NOT NULL
  );
  CREATE INDEX model_scores_model_ts ON model_scores(model_id, ts);
  `,
  // detection rules per device and signal (config or Settings → Rules), and who changed them
  `
  CREATE TABLE detection_rules (
    device TEXT NOT NULL,
    signal TEXT NOT NULL,
    rules TEXT NOT NULL,
    origin TEXT NOT NULL,
    -- the configuration file's version of this entry when last applied: a changed file wins once
    config_rules TEXT,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (device, signal)
  );
  CREATE TABLE rule_audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    by TEXT NOT NULL,
    action TEXT NOT NULL,
    device TEXT NOT NULL,
    signal TEXT NOT NULL,
    before TEXT,
    after TEXT
  );
  CREATE INDEX rule_audit_target ON rule_audit(device, signal, at);
  `,
  // dead letters grouped per message (how many rejections one holds), with the decoder settings
  // a re-queue needs when the source's own decoder cannot read the payload (CSV rows, file rows)
  `
  ALTER TABLE dead_letters ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE dead_letters ADD COLUMN decoder TEXT;
  `,
  // the assistant's report per alarm (the newest; a regenerated one replaces it, and feedback
  // belongs to the report it was given on)
  `
  CREATE TABLE alarm_reports (
    alarm_id INTEGER PRIMARY KEY REFERENCES alarms(id),
    report TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    useful INTEGER,
    feedback_by TEXT,
    feedback_at INTEGER,
    feedback_comment TEXT
  );
  -- past alarms of one key, newest first (what the assistant tells about how they were closed)
  CREATE INDEX alarms_key ON alarms(key, id);
  `,
  // expert review (annotation-store.ts): labels on a series or a whole device, every change to
  // them, corrected values of bad data, and a full-text index over their text and cause. `seq`
  // is the rowid the text index keys on (an explicit INTEGER PRIMARY KEY: VACUUM keeps it);
  // `id` is the label's public, short random id.
  `
  CREATE TABLE annotations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    signal TEXT NOT NULL,
    from_ts INTEGER NOT NULL,
    to_ts INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    cause TEXT,
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX annotations_series ON annotations(device_id, signal, from_ts);
  CREATE INDEX annotations_from ON annotations(from_ts);
  CREATE INDEX annotations_author ON annotations(author, from_ts);
  CREATE TABLE annotation_history (
    id INTEGER PRIMARY KEY,
    annotation_id TEXT NOT NULL REFERENCES annotations(id),
    revision INTEGER NOT NULL,
    at INTEGER NOT NULL,
    by TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT,
    note TEXT
  );
  CREATE INDEX annotation_history_annotation ON annotation_history(annotation_id, revision);
  CREATE TABLE annotation_corrections (
    annotation_id TEXT NOT NULL REFERENCES annotations(id),
    ts INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (annotation_id, ts)
  ) WITHOUT ROWID;
  CREATE VIRTUAL TABLE annotations_fts USING fts5(
    text, cause, content='annotations', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
    INSERT INTO annotations_fts(rowid, text, cause) VALUES (new.seq, new.text, new.cause);
  END;
  CREATE TRIGGER annotations_fts_update AFTER UPDATE OF text, cause ON annotations BEGIN
    INSERT INTO annotations_fts(annotations_fts, rowid, text, cause) VALUES ('delete', old.seq, old.text, old.cause);
    INSERT INTO annotations_fts(rowid, text, cause) VALUES (new.seq, new.text, new.cause);
  END;
  `,
  // rule changes that labels suggest (rule-suggester.ts): open until an engineer accepts or
  // rejects one, or the rule or its labels change (outdated); `basis` is the rule in force then
  `
  CREATE TABLE rule_suggestions (
    id TEXT PRIMARY KEY,
    device TEXT NOT NULL,
    signal TEXT NOT NULL,
    rule TEXT NOT NULL,
    field TEXT NOT NULL,
    current REAL,
    proposed REAL NOT NULL,
    reason TEXT NOT NULL,
    based_on TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    note TEXT
  );
  CREATE INDEX rule_suggestions_series ON rule_suggestions(device, signal, status);
  `,
  // 11: users, their sessions and API tokens (engine/access). Only hashes of secrets are kept:
  // an argon2id PHC string per password, the SHA-256 of each session secret and token.
  `
  CREATE TABLE users (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    display_name TEXT,
    role TEXT NOT NULL,
    areas TEXT,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    last_login_at INTEGER,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    secret_sha256 TEXT NOT NULL UNIQUE,
    user TEXT NOT NULL COLLATE NOCASE,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    revoked_at INTEGER
  );
  CREATE INDEX sessions_user ON sessions(user);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_sha256 TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    user TEXT NOT NULL COLLATE NOCASE,
    role TEXT NOT NULL,
    areas TEXT,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    last_used_at INTEGER,
    expires_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX api_tokens_user ON api_tokens(user);
  `,
  // 12: the audit trail (access/audit-log.ts): append-only and hash-chained; the triggers refuse
  // every UPDATE and DELETE, whoever asks (the engine never does either)
  `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    role TEXT,
    client TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
  END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
  END;
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
  // A migration may rebuild a table that others reference (SQLite's ALTER TABLE procedure):
  // foreign keys are off while it runs, and every reference is checked before it commits.
  db.pragma('foreign_keys = OFF');
  try {
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v]!);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${v + 1} broke ${broken.length} foreign key reference(s)`);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
