// Regional exports read without settings: ";" with decimal commas, tabs, headers or none,
// UTF-8 or the Windows code page.
import { describe, expect, it } from 'vitest';
import { columnNames, guessEncoding, guessSeparator, looksLikeHeader } from './csv-sniff';

describe('sniffing a CSV file', () => {
  it('finds the separator, even with decimal commas', () => {
    expect(guessSeparator('time;temp;flow\n2026-01-01;12,5;3,25\n2026-01-02;13,0;3,5\n')).toBe(';');
    expect(guessSeparator('a,b,c\n1,2,3\n')).toBe(',');
    expect(guessSeparator('a\tb\n1\t2\n')).toBe('\t');
    expect(guessSeparator('"x, y",b\n"1,5",2\n')).toBe(',');
    expect(guessSeparator('value\n1\n')).toBe(',');
  });

  it('tells a header from data', () => {
    expect(looksLikeHeader(['time', 'value'], ['2026-01-01', '1'], ',')).toBe(true);
    expect(looksLikeHeader(['2026-01-01', '1'], ['2026-01-02', '2'], ',')).toBe(false);
    expect(looksLikeHeader(['press-7', 'on'], ['press-7', 'off'], ',')).toBe(false);
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    expect(guessEncoding(new TextEncoder().encode('Temp (°C)\n'))).toBe('utf-8');
    expect(guessEncoding(Uint8Array.from([0x54, 0xb0, 0x43, 0x0a]))).toBe('windows-1252');
  });

  it('names unnamed and repeated columns', () => {
    expect(columnNames(['time', '', 'v', 'v'], 5)).toEqual(['time', 'column2', 'v', 'v_2', 'column5']);
  });
});
