// Export file names carry the date, an import's format follows the file's extension, the import
// summary says every count, and the cause list editor says what is wrong before saving.
import { describe, expect, it } from 'vitest';
import { checkCauses } from './causes-draft';
import { exportFileName, formatOfFile, importSummary } from './review-transfer';

describe('export and import', () => {
  it('names an export with its format and local date and time', () => {
    expect(exportFileName('csv', new Date(2026, 11, 6, 9, 5))).toBe('watchfloor-labels-2026-12-06-0905.csv');
    expect(exportFileName('json', new Date(2026, 0, 31, 23, 59))).toBe('watchfloor-labels-2026-01-31-2359.json');
  });

  it('reads the format from the extension, whatever its case', () => {
    expect(formatOfFile('labels.CSV')).toBe('csv');
    expect(formatOfFile('export.2026.json')).toBe('json');
    expect(formatOfFile('labels.xlsx')).toBeNull();
    expect(formatOfFile('labels')).toBeNull();
  });

  it('summarises every count of an import', () => {
    expect(importSummary({ created: 3, updated: 1, unchanged: 0, rejected: [{ line: 4, reason: 'x' }] })).toBe(
      '3 created · 1 updated · 0 unchanged · 1 rejected',
    );
  });
});

describe('checkCauses', () => {
  it('keeps one cause a line, trimmed, and ignores blank lines', () => {
    expect(checkCauses(' Sensor fault \n\nCalibration\n')).toEqual({
      causes: ['Sensor fault', 'Calibration'],
      errors: [],
    });
  });

  it('says which line repeats which, ignoring case', () => {
    expect(checkCauses('Sensor fault\nCalibration\nsensor FAULT').errors).toEqual([
      'Line 3: "sensor FAULT" is already on line 1.',
    ]);
  });

  it('refuses an empty list and over-long causes', () => {
    expect(checkCauses('\n  \n').errors).toEqual(['The list is empty: keep at least one cause.']);
    expect(checkCauses('x'.repeat(81)).errors).toEqual(['Line 1: longer than 80 characters (81).']);
  });
});
