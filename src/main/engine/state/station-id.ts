// The station id names this installation to brokers: MQTT sources connect as
// `watchfloor-<station>-<source>`, and the same client id after a restart resumes the broker's
// persistent session (what was queued while the engine was down arrives then). It lives in
// `<data>/station-id`, written once, so no spelling of the data directory, symlink or restart
// can change it. An installation from before the file keeps the id it had (a hash of the
// machine's name and the directory as spelled), so upgrading does not cost it its session.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../shared/errors';

export const STATION_FILE = 'station-id';

/** What may stand in the file: also an id copied over from a station this one replaces. */
const STATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Files whose presence says the directory was in use before (an installation being upgraded). */
const STORES = ['state.db', 'history.duckdb'];

/** The id Watchfloor derived before the file existed. */
export function legacyStationId(dataDirSpelling: string, host = hostname()): string {
  return createHash('sha256').update(`${host}\0${dataDirSpelling}`).digest('hex').slice(0, 12);
}

/**
 * Reads the station id, creating the file on first use: a new random id for a new data
 * directory, the legacy one for a directory that already holds stores. Call before the
 * stores are opened (opening creates them).
 */
export function openStationId(dataDir: string, dataDirSpelling: string): { id: string; created: boolean } {
  const file = join(dataDir, STATION_FILE);
  if (existsSync(file)) {
    const id = readFileSync(file, 'utf8').trim();
    if (!STATION_ID.test(id)) {
      throw new EngineError(
        'INVALID_STATE',
        `${file} is damaged (it must hold one id of letters, digits, _ and -): restore it from a backup, or delete it to start a new MQTT session (messages the broker queued for this station are then not delivered)`,
      );
    }
    return { id, created: false };
  }
  const upgrading = STORES.some((f) => existsSync(join(dataDir, f)));
  const id = upgrading ? legacyStationId(dataDirSpelling) : randomBytes(6).toString('hex');
  // Written aside and renamed: a crash mid-write never leaves a half-written id behind.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${id}\n`, { flag: 'w' });
  renameSync(partial, file);
  return { id, created: true };
}
