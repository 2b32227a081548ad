import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../../../test/support/temp-dir';
import { loadConfig } from './load-config';
import { realDataDir } from './data-dir';

describe('the data directory, however it is spelled', () => {
  const dirs = tempDirs();
  afterEach(() => dirs.removeAll());
  const temp = () => realDataDir(dirs.make()); // /tmp may itself be a link

  it('names one directory for DIR, DIR/, a relative path and a symlink to it', () => {
    const root = temp();
    const data = join(root, 'data');
    mkdirSync(data);
    symlinkSync(data, join(root, 'link'));
    expect(realDataDir(data)).toBe(data);
    expect(realDataDir(`${data}/`)).toBe(data);
    expect(realDataDir(`${root}/./x/../data`)).toBe(data);
    expect(realDataDir(relative(process.cwd(), data))).toBe(data);
    expect(realDataDir(join(root, 'link'))).toBe(data);
    expect(realDataDir(`${join(root, 'link')}/`)).toBe(data);
  });

  it('resolves the part that exists and keeps the rest, for a first start that creates it', () => {
    const root = temp();
    symlinkSync(root, join(root, 'link'));
    expect(realDataDir(join(root, 'link', 'new', 'data/'))).toBe(join(root, 'new', 'data'));
  });

  it('comes out of loadConfig resolved, with the spelling kept for the station id of an upgrade', () => {
    const root = temp();
    mkdirSync(join(root, 'data'));
    symlinkSync(join(root, 'data'), join(root, 'link'));
    const config = loadConfig({ env: {}, flags: { dataDir: `${join(root, 'link')}/` }, defaultDataDir: '/unused' });
    expect(config.dataDir).toBe(join(root, 'data'));
    expect(config.dataDirAsGiven).toBe(`${join(root, 'link')}/`);
  });
});
