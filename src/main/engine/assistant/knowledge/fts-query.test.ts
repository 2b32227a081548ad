import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsQuery } from './fts-query';

describe('FTS query from free text', () => {
  it('quotes every term, ORs them and drops function words', () => {
    expect(ftsQuery('what should I check when the pressure is high', { prefix: 'none' })).toBe(
      '"check" OR "pressure" OR "high"',
    );
  });

  it('turns tags and codes into phrases of their parts', () => {
    expect(ftsQuery('device-002 production_counter E.104', { prefix: 'none' })).toBe(
      '"device 002" OR "production counter" OR "e 104"',
    );
  });

  it('makes only the last word a prefix while it is being typed', () => {
    expect(ftsQuery('bearing vibr')).toBe('"bearing" OR "vibr"*');
    expect(ftsQuery('bearing vibr ')).toBe('"bearing" OR "vibr"');
    expect(ftsQuery('pressure device-00')).toBe('"pressure" OR "device 00"*');
  });

  it('keeps function words when nothing else is left, and gives nothing for no words', () => {
    expect(ftsQuery('what is it', { prefix: 'none' })).toBe('"what" OR "is" OR "it"');
    expect(ftsQuery('  ?!* ""  ')).toBeUndefined();
  });

  it('never produces a query FTS5 refuses, whatever is typed', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5(text, tokenize = 'porter unicode61')");
    db.prepare('INSERT INTO f (text) VALUES (?)').run('check the near valve');
    const nasty = [
      'NEAR(a b)',
      'a AND OR NOT b',
      '"unbalanced',
      'col:value ^start',
      '(a OR b',
      '* - + ~ {x} [y]',
      "l'huile ça déjà vu",
      'a"b"c',
      'NOT',
      '0x1F \\ / -- __',
    ];
    for (const q of nasty) {
      const match = ftsQuery(q);
      if (match) expect(() => db.prepare('SELECT rowid FROM f WHERE f MATCH ?').all(match), q).not.toThrow();
    }
    db.close();
  });
});
