// Where the desktop keeps which engine it uses: userData/engine-target.json, `{ kind: 'local' }`
// or `{ kind: 'remote', url, fingerprint }`. Nothing secret in it (the fingerprint is public; the
// session secret is never stored, see remote/remote-session.ts). A missing file is the station's
// own engine; a damaged one too, with a log line — the station keeps working rather than refuse.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineTarget } from '../../shared/engine-target';

export const TARGET_FILE = 'engine-target.json';

export function readEngineTarget(userDataDir: string, log: (message: string) => void): EngineTarget {
  let text: string;
  try {
    text = readFileSync(join(userDataDir, TARGET_FILE), 'utf8');
  } catch {
    return { kind: 'local' };
  }
  try {
    return EngineTarget.parse(JSON.parse(text));
  } catch (err) {
    log(`${TARGET_FILE} is not valid (${(err as Error).message.split('\n')[0]}); using this station's own engine`);
    return { kind: 'local' };
  }
}

export function writeEngineTarget(userDataDir: string, target: EngineTarget): void {
  mkdirSync(userDataDir, { recursive: true });
  const file = join(userDataDir, TARGET_FILE);
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, `${JSON.stringify(EngineTarget.parse(target), null, 2)}\n`);
  renameSync(part, file);
}
