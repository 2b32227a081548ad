// The label file format on its own: RFC 4180 CSV read back exactly as written (quotes, commas,
// line breaks, CRLF, a byte-order mark), and every kind of bad row refused with its line and a
// reason a person can act on.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/contract/annotations';
import { formatFile, parseCsv, parseFile } from './annotation-files';

const label = (over: Partial<Annotation>): Annotation => ({
  id: 'abc',
  deviceId: 'press-1',
  signal: 'pressure',
  from: Date.UTC(2026, 10, 2, 8),
  to: Date.UTC(2026, 10, 2, 9),
  verdict: 'bad-data',
  cause: 'Sensor fault',
  text: '',
  target: { type: 'range' },
  author: 'ana',
  createdAt: Date.UTC(2026, 10, 3),
  updatedAt: Date.UTC(2026, 10, 4, 1, 2, 3, 4),
  updatedBy: 'ana',
  revision: 3,
  deleted: false,
  corrections: 0,
  ...over,
});

describe('label files', () => {
  it('reads back every field of a CSV it wrote, awkward text included', () => {
    const texts = ['a "quoted", text', 'line one\nline two', 'crlf\r\ninside', '', '  spaces  ', 'ünï ✓'];
    const labels = texts.map((text, i) => ({
      annotation: label({
        id: `id${i}`,
        text,
        signal: i === 1 ? '*' : 'pressure',
        cause: i === 2 ? null : 'Sensor fault',
        deleted: i === 3,
        target:
          i === 4
            ? { type: 'anomaly', detector: 'rule:limits', kind: 'high', ts: 17 }
            : i === 5
              ? { type: 'alarm', alarmId: 9 }
              : { type: 'range' },
      }),
      corrections: i === 0 ? [{ ts: Date.UTC(2026, 10, 2, 8, 30), value: -0.1 }] : [],
    }));
    for (const format of ['csv', 'json'] as const) {
      const file = formatFile(format, labels);
      const { rows, rejected } = parseFile(format, `\ufeff${file}`);
      expect(rejected).toEqual([]);
      expect(rows.map((r) => r.row.text)).toEqual(texts);
      expect(rows[1]!.row.signal).toBe('*');
      expect(rows[2]!.row.cause).toBeNull();
      expect(rows[3]!.row.deleted).toBe(true);
      expect(rows[4]!.row.target).toEqual({ type: 'anomaly', detector: 'rule:limits', kind: 'high', ts: 17 });
      expect(rows[5]!.row.target).toEqual({ type: 'alarm', alarmId: 9 });
      expect(rows[0]!.row).toMatchObject({
        id: 'id0',
        author: 'ana',
        createdAt: Date.UTC(2026, 10, 3),
        updatedAt: Date.UTC(2026, 10, 4, 1, 2, 3, 4),
        corrections: [{ ts: Date.UTC(2026, 10, 2, 8, 30), value: -0.1 }],
      });
    }
    // CSV records start where their first line starts, whatever line breaks their fields hold.
    const csv = formatFile('csv', labels);
    expect(parseCsv(csv).records.map((r) => r.line)).toEqual([1, 2, 3, 5, 7, 8, 9]);
  });

  it('refuses bad rows by line and says why, and loads the rest', () => {
    const file = [
      'series,start,end,verdict,target,corrections,deleted',
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,,', // 2: fine
      'press-1,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,,', // 3
      'press-1/pressure,yesterday,2026-11-02T09:00:00.000Z,unsure,,,', // 4
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,awful,,,', // 5
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,alarm:x,,', // 6
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,5=abc,', // 7
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,,maybe', // 8
      'press-1/pressure,2026-11-02T08:00:00.000Z,2026-11-02T09:00:00.000Z,unsure,,,"open', // 9
      'and on',
    ].join('\n');
    const { rows, rejected } = parseFile('csv', file);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(rejected).toEqual([
      { line: 3, reason: '"series" must be device/signal, not "press-1"' },
      { line: 4, reason: expect.stringContaining('"start" must be an ISO 8601 UTC time') },
      { line: 5, reason: expect.stringContaining('"verdict" must be one of true-anomaly') },
      { line: 6, reason: expect.stringContaining('"target" must be empty, alarm:<id>') },
      { line: 7, reason: '"corrections" must be ts=value pairs, not "5=abc"' },
      { line: 8, reason: '"deleted" must be true or false, not "maybe"' },
      { line: 9, reason: 'a quoted field opened on line 9 is never closed' },
    ]);
    expect(parseFile('csv', 'id,text\nx,y\n').rejected).toEqual([
      { line: 1, reason: 'the header row has no series, start, end, verdict column' },
    ]);
    expect(parseFile('json', '{"not":"an array"}').rejected[0]!.reason).toBe('a JSON export is an array of labels');
  });
});
