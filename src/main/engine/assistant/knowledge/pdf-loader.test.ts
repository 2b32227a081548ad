import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../../../test/support/make-pdf';
import { chunkDocument } from './chunker';
import { loadDocument } from './document-loaders';

describe('pdf loader', () => {
  it('keeps the text of each page with its page number', async () => {
    const pages = [
      'Pressure runbook\nDevice device-002 alarms above 55 psi.',
      'Checks in order\nConfirm the local gauge PG-201 first.',
      'Escalation\nCall the shift engineer after 10 minutes.',
    ];
    const r = await loadDocument('/k/manual.pdf', makePdf(pages));
    if (!r.ok) throw new Error(r.reason);
    expect(r.doc.pages).toBe(3);
    expect(r.doc.segments.map((s) => s.page)).toEqual([1, 2, 3]);
    r.doc.segments.forEach((s, i) => expect(r.doc.text.slice(s.start, s.end)).toBe(pages[i]));
    const chunks = chunkDocument('/k/manual.pdf', r.doc);
    expect(chunks.find((c) => c.text.includes('PG-201'))?.page).toBe(2);
    expect(chunks.find((c) => c.text.includes('shift engineer'))?.page).toBe(3);
  });

  it('says a PDF without any text is a scan, and a broken file is not a readable PDF', async () => {
    expect(await loadDocument('/k/scan.pdf', makePdf(['', '']))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^scanned PDF without a text layer \(2 pages/),
    });
    const broken = makePdf(['fine']).subarray(0, 200);
    expect(await loadDocument('/k/broken.pdf', broken)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not a readable PDF/),
    });
    expect(await loadDocument('/k/fake.pdf', Buffer.from('hello, not a pdf'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not a readable PDF/),
    });
  });

  it('names an unsupported type', async () => {
    expect(await loadDocument('/k/Manual.DOCX', Buffer.from('PK'))).toEqual({
      ok: false,
      reason: 'unsupported type .docx',
    });
  });
});
