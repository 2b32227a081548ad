import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../../../test/support/temp-dir';
import { examineStateFile, openStateFile, stateRefusal } from './state-file';

describe('which state file the engine opens', () => {
  it('refuses a missing, empty or foreign state file only when history records one; a damaged one always', () => {
    expect(stateRefusal({ kind: 'absent' }, null)).toBeUndefined();
    expect(stateRefusal({ kind: 'empty' }, null)).toBeUndefined();
    expect(stateRefusal({ kind: 'sound', id: null }, null)).toBeUndefined();
    expect(stateRefusal({ kind: 'sound', id: 'a' }, null)).toBeUndefined();
    expect(stateRefusal({ kind: 'sound', id: 'a' }, 'a')).toBeUndefined();
    expect(stateRefusal({ kind: 'absent' }, 'a')).toMatch(/^is missing, but history.duckdb records/);
    expect(stateRefusal({ kind: 'empty' }, 'a')).toMatch(/^is empty \(0 bytes\)/);
    expect(stateRefusal({ kind: 'sound', id: 'b' }, 'a')).toMatch(
      /^is not the state file .* \(state b, history expects a\)/,
    );
    expect(stateRefusal({ kind: 'sound', id: null }, 'a')).toMatch(/state without an id/);
    expect(stateRefusal({ kind: 'damaged', reason: 'file is not a database' }, null)).toBe(
      'is damaged (file is not a database)',
    );
  });
});

describe('openStateFile', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.removeAll());
  const temp = () => dirs.make();
  const quiet = () => {};

  it('gives a new state file an id, keeps it across openings, and gives one to a file from before ids', () => {
    const dir = temp();
    const first = openStateFile(dir, { recordedId: null, replaceBroken: false, log: quiet });
    first.db.close();
    const again = openStateFile(dir, { recordedId: first.id, replaceBroken: false, log: quiet });
    again.db.prepare("DELETE FROM settings WHERE key = 'state.id'").run();
    again.db.close();
    expect(again.id).toBe(first.id);
    const older = openStateFile(dir, { recordedId: null, replaceBroken: false, log: quiet });
    older.db.close();
    expect(older.id).not.toBe(first.id);
  });

  it('leaves a refused file exactly as it is, and says what to do', () => {
    const dir = temp();
    writeFileSync(join(dir, 'state.db'), '');
    expect(() => openStateFile(dir, { recordedId: 'x', replaceBroken: false, log: quiet })).toThrow(
      /state\.db is empty .*watchfloor restore <backup> --data .*--new-state/,
    );
    expect(readFileSync(join(dir, 'state.db'), 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['state.db']);
  });

  it('with --new-state moves a damaged file and its journals aside and starts a new one', () => {
    const dir = temp();
    writeFileSync(join(dir, 'state.db'), 'x'.repeat(4096));
    writeFileSync(join(dir, 'state.db-wal'), 'y');
    expect(examineStateFile(join(dir, 'state.db'))).toMatchObject({ kind: 'damaged' });
    const log: string[] = [];
    const fresh = openStateFile(dir, { recordedId: 'old', replaceBroken: true, log: (m) => log.push(m) });
    fresh.db.close();
    const aside = readdirSync(dir).filter((f) => f.startsWith('pre-new-state-'));
    expect(aside).toHaveLength(1);
    expect(readdirSync(join(dir, aside[0]!))).toEqual(expect.arrayContaining(['state.db', 'state.db-wal']));
    // Examining it changed nothing: the journal, which may hold the newest commits, is intact.
    expect(readFileSync(join(dir, aside[0]!, 'state.db-wal'), 'utf8')).toBe('y');
    expect(log[0]).toMatch(/is damaged .*; starting with a new state \(--new-state\)/);
    expect(examineStateFile(join(dir, 'state.db'))).toEqual({ kind: 'sound', id: fresh.id });
  });

  it('leaves a sound state file alone even with --new-state', () => {
    const dir = temp();
    const first = openStateFile(dir, { recordedId: null, replaceBroken: false, log: quiet });
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    first.db.close();
    const again = openStateFile(dir, { recordedId: first.id, replaceBroken: true, log: quiet });
    expect(again.db.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({ value: 'yes' });
    again.db.close();
    expect(readdirSync(dir).some((f) => f.startsWith('pre-new-state-'))).toBe(false);
  });

  it('sets orphaned journals aside before creating a state file, so they are not replayed into it', () => {
    const dir = temp();
    writeFileSync(join(dir, 'state.db-wal'), 'left over');
    const created = openStateFile(dir, { recordedId: null, replaceBroken: false, log: quiet });
    created.db.close();
    expect(existsSync(join(dir, 'state.db'))).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith('pre-new-state-'));
    expect(readdirSync(join(dir, aside[0]!))).toEqual(['state.db-wal']);
  });
});
