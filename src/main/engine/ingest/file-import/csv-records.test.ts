// A file arrives in chunks that cut rows anywhere — inside a quoted field, between "\r" and
// "\n", in the middle of an escaped quote — and must read exactly as if it came whole, with
// every row keeping the line it starts on.
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, type CsvRecord } from './csv-records';

function whole(text: string, sep = ','): CsvRecord[] {
  const r = new CsvRecordReader(sep);
  return [...r.push(text), ...r.end()];
}

function inChunks(text: string, size: number, sep = ','): CsvRecord[] {
  const r = new CsvRecordReader(sep);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...r.push(text.slice(i, i + size)));
  return [...out, ...r.end()];
}

const FILE = [
  '\uFEFFtime,device,note,value',
  '2026-01-01T00:00:00Z,press-7,"plain",1.5',
  '2026-01-01T00:00:01Z,press-7,"with, comma",2',
  '2026-01-01T00:00:02Z,press-7,"two\r\nlines",3',
  '2026-01-01T00:00:03Z,press-7,"say ""hi""",4',
  '',
  '2026-01-01T00:00:04Z,press-7,,5',
].join('\r\n');

describe('CSV records', () => {
  it('reads quoted separators, line breaks and escaped quotes, and numbers rows by line', () => {
    const rows = whole(FILE);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 6, 8]);
    expect(rows[0]!.fields).toEqual(['time', 'device', 'note', 'value']);
    expect(rows[2]!.fields[2]).toBe('with, comma');
    expect(rows[3]!.fields[2]).toBe('two\r\nlines');
    expect(rows[4]!.fields[2]).toBe('say "hi"');
    expect(rows[5]!.fields).toEqual(['2026-01-01T00:00:04Z', 'press-7', '', '5']);
    expect(rows[1]!.text).toBe('2026-01-01T00:00:00Z,press-7,"plain",1.5');
  });

  it('gives the same rows however the text is cut into chunks', () => {
    const expected = whole(FILE);
    for (const size of [1, 2, 3, 5, 7, 16, 41]) expect(inChunks(FILE, size), `chunks of ${size}`).toEqual(expected);
  });

  it('keeps a row that is cut across two chunks whole', () => {
    const r = new CsvRecordReader(';');
    expect(r.push('a;b\n1;"x\ny')).toEqual([{ line: 1, fields: ['a', 'b'], text: 'a;b' }]);
    expect(r.push('z";2\n3;4')).toEqual([{ line: 2, fields: ['1', 'x\nyz', '2'], text: '1;"x\nyz";2' }]);
    expect(r.end()).toEqual([{ line: 4, fields: ['3', '4'], text: '3;4' }]);
  });

  it('flags an unterminated quote and text after a closing quote, without losing the next rows', () => {
    const rows = whole('a,"b"x,c\nd,e,f\ng,"h');
    expect(rows[0]!.error).toBe('has characters after a closing quote');
    expect(rows[1]).toEqual({ line: 2, fields: ['d', 'e', 'f'], text: 'd,e,f' });
    expect(rows[2]!.error).toBe('has an unterminated quoted field');
  });

  it('refuses a row that never ends instead of buffering without bound', () => {
    const r = new CsvRecordReader(',');
    r.push('a,"');
    expect(() => r.push('x'.repeat(1024 * 1024 + 1))).toThrow(/longer than/);
  });
});
