// Download names: only plain export files directly inside the exports folder resolve.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFilePath } from './export-routes';

describe('exportFilePath', () => {
  const dir = join('/data', 'exports');

  it('resolves csv and parquet files inside the folder', () => {
    expect(exportFilePath(dir, 'export-42.csv')).toBe(join(dir, 'export-42.csv'));
    expect(exportFilePath(dir, 'line_1.PARQUET')).toBe(join(dir, 'line_1.PARQUET'));
  });

  it('refuses traversal, hidden files, other types and odd characters', () => {
    for (const name of ['../state.db', '..', '.', '.hidden.csv', 'state.db', 'a/b.csv', 'a b.csv', 'x.csv\0', '']) {
      expect(exportFilePath(dir, name), name).toBeUndefined();
    }
  });
});
