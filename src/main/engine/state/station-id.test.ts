import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../../../test/support/temp-dir';
import { legacyStationId, openStationId } from './station-id';

describe('the station id', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.removeAll());
  const temp = () => dirs.make();

  it('is created once for a new data directory, random, and read back unchanged after', () => {
    const a = temp();
    const first = openStationId(a, a);
    expect(first).toMatchObject({ created: true });
    expect(first.id).toMatch(/^[0-9a-f]{12}$/);
    expect(first.id).not.toBe(legacyStationId(a));
    expect(readFileSync(join(a, 'station-id'), 'utf8')).toBe(`${first.id}\n`);
    expect(openStationId(a, `${a}/`)).toEqual({ id: first.id, created: false });
    const b = temp();
    expect(openStationId(b, b).id).not.toBe(first.id);
  });

  it('keeps the id an installation from before the file had: the machine and the directory as spelled', () => {
    const dir = temp();
    writeFileSync(join(dir, 'state.db'), '');
    const spelled = `${dir}/`;
    expect(openStationId(dir, spelled)).toEqual({ id: legacyStationId(spelled), created: true });
    expect(legacyStationId('/srv/wf', 'plant-pc')).toBe(legacyStationId('/srv/wf', 'plant-pc'));
    expect(legacyStationId('/srv/wf', 'plant-pc')).not.toBe(legacyStationId('/srv/wf/', 'plant-pc'));
  });

  it('accepts an id copied from the station this one replaces, and refuses a damaged file by name', () => {
    const dir = temp();
    writeFileSync(join(dir, 'station-id'), 'control-room-2\n');
    expect(openStationId(dir, dir).id).toBe('control-room-2');
    writeFileSync(join(dir, 'station-id'), '');
    expect(() => openStationId(dir, dir)).toThrow(`${join(dir, 'station-id')} is damaged`);
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'x', 'station-id'), 'two words\n');
    expect(() => openStationId(join(dir, 'x'), dir)).toThrow(/restore it from a backup, or delete it/);
  });
});
