import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown-loader';
import { markdownLoader } from './markdown-loader';

describe('markdown loader', () => {
  it('gives every passage its heading path and keeps the text as written', () => {
    const text = [
      '# Pressure runbook',
      'Intro.',
      '## Checks',
      '1. Gauge PG-201.',
      '### Field checks',
      'Valve HV-204.',
      '## Actions',
      'Open slowly.',
    ].join('\n');
    const doc = parseMarkdown(text, 'pressure.md');
    expect(doc.text).toBe(text);
    expect(doc.title).toBe('Pressure runbook');
    const paths = doc.segments.map((s) => [s.headingPath.join(' > '), text.slice(s.start, s.end).split('\n')[0]]);
    expect(paths).toEqual([
      ['Pressure runbook', '# Pressure runbook'],
      ['Pressure runbook > Checks', '## Checks'],
      ['Pressure runbook > Checks > Field checks', '### Field checks'],
      ['Pressure runbook > Actions', '## Actions'],
    ]);
  });

  it('does not take # lines in fenced code for headings, and reads setext headings', () => {
    const text = 'Title\n=====\n\n```sh\n# not a heading\n```\n\nSub **part**\n---\nbody';
    const doc = parseMarkdown(text, 'x.md');
    expect(doc.segments.map((s) => s.headingPath)).toEqual([['Title'], ['Title', 'Sub part']]);
  });

  it('leaves YAML front matter out of the passages', () => {
    const text = '---\ntitle: Pump\nowner: maintenance\n---\n# Pump\nBody.';
    const doc = parseMarkdown(text, 'p.md');
    expect(doc.segments).toEqual([{ start: 39, end: text.length, headingPath: ['Pump'] }]);
    expect(text.slice(39, 45)).toBe('# Pump');
  });

  it('names the file as title when the document has no heading', async () => {
    const r = await markdownLoader.load(Buffer.from('just text'), '/k/notes.md');
    expect(r.ok && r.doc.title).toBe('notes');
  });

  it('refuses a file that is not UTF-8 with a reason', async () => {
    const r = await markdownLoader.load(Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9]), 'latin1.md');
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('not UTF-8') });
  });
});
