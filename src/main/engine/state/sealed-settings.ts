// The rows of state.db's `settings` table that hold secrets are sealed with the engine's
// SecretBox: `notifications` (SMTP password, webhook tokens and header values), `sources.overrides`
// (broker, SASL and HMAC secrets of sources saved in Settings) and `assistant`.
//
// Decision: whole rows, not secret fields. Which fields are secrets is each source kind's and
// channel kind's own knowledge (and grows with every kind); sealing the whole document means a new
// kind can never forget to mark a field, and these rows are small and read at start and on save
// only. The key (the row's name) stays readable, so the table still says what is stored. Rows with
// nothing secret (review causes, dead-letter counters, the state id) stay plain.
//
// The box belongs to the open state file: the engine attaches it once, right after opening
// state.db (useSecretBox), so every reader of these rows goes through it without each service
// taking another dependency. Without a box (unit tests that open a bare StateDb) rows are plain.
// At start, plaintext rows written before this existed are sealed in place (sealStoredSettings);
// a row that cannot be opened (secrets.key lost, a state.db restored on another machine) is left as
// it is and reads as absent, so the configuration file's section applies — said once, in one line.
import { createSecretBox, isSealed, SecretBoxError, type SecretBox } from './secret-box';
import { ensureSecretsKey, SECRETS_KEY_FILE } from './secrets-key-file';
import type { StateDb } from './state-db';

export const SEALED_SETTING_KEYS: readonly string[] = ['notifications', 'sources.overrides', 'assistant'];

const boxes = new WeakMap<StateDb, SecretBox>();

export function useSecretBox(db: StateDb, box: SecretBox): void {
  boxes.set(db, box);
}

/** The row's text, opened when sealed; undefined when there is none or it cannot be opened. */
export function readSetting(db: StateDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  if (!isSealed(row.value)) return row.value;
  const box = boxes.get(db);
  if (!box) return undefined;
  try {
    return box.open(row.value);
  } catch (err) {
    if (err instanceof SecretBoxError) return undefined;
    throw err;
  }
}

export function writeSetting(db: StateDb, key: string, value: string): void {
  const box = boxes.get(db);
  const stored = box && SEALED_SETTING_KEYS.includes(key) ? box.seal(value) : value;
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, stored);
}

export interface SealReport {
  /** Plaintext rows sealed now. */
  sealed: string[];
  /** Sealed rows this key cannot open. */
  unreadable: string[];
}

/** Seals plaintext secret rows in place (one transaction) and checks the sealed ones open. */
export function sealStoredSettings(db: StateDb, log: (message: string) => void, keyWhere: string): SealReport {
  const box = boxes.get(db);
  const report: SealReport = { sealed: [], unreadable: [] };
  if (!box) return report;
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const update = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
  // The plaintext must not linger in freed page space either.
  db.pragma('secure_delete = ON');
  db.transaction(() => {
    for (const key of SEALED_SETTING_KEYS) {
      const row = read.get(key) as { value: string } | undefined;
      if (!row) continue;
      if (!isSealed(row.value)) {
        update.run(box.seal(row.value), key);
        report.sealed.push(key);
        continue;
      }
      try {
        box.open(row.value);
      } catch {
        report.unreadable.push(key);
      }
    }
  })();
  db.pragma('secure_delete = OFF');
  if (report.sealed.length > 0) log(`sealed saved settings in state.db (${report.sealed.join(', ')}): secrets at rest`);
  if (report.unreadable.length > 0) {
    log(
      `saved settings (${report.unreadable.join(', ')}) were sealed with another key than ${keyWhere} ` +
        '(the key was lost, or state.db comes from another machine): the configuration file’s apply ' +
        'until they are saved again in Settings, secrets re-entered (docs/administration.md: Secrets at rest)',
    );
  }
  return report;
}

/**
 * At start: attaches the platform's box (the desktop's) or one keyed by `<dataDir>/secrets.key`,
 * then seals what an earlier version stored in the clear.
 */
export function openSealedSettings(
  db: StateDb,
  options: { box: SecretBox | undefined; dataDir: string; log: (message: string) => void },
): SealReport {
  const { box, dataDir, log } = options;
  useSecretBox(db, box ?? createSecretBox(ensureSecretsKey(dataDir, log).key));
  return sealStoredSettings(db, log, box ? 'this desktop’s key' : `${dataDir}/${SECRETS_KEY_FILE}`);
}
