import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZES, chunkDocument } from './chunker';
import { frontMatterLength, parseMarkdown } from './markdown-loader';

function sentences(topic: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${topic} step ${i + 1} checks the valve and the gauge reading.`).join(
    ' ',
  );
}

const text = [
  '# Pressure runbook',
  '',
  '## Checks',
  '',
  sentences('Check', 30),
  '',
  sentences('Verify', 25),
  '',
  '## Actions',
  '',
  'Open HV-204 slowly.',
  '',
  '### Filter',
  '',
  'Replace the filter element.',
  '',
  '## Escalation',
  '',
  sentences('Escalate', 40),
].join('\n');
const doc = parseMarkdown(text, 'p.md');
const chunks = chunkDocument('/k/p.md', doc);

describe('chunker', () => {
  it('cuts long sections into passages of about 1,200–1,800 characters whose offsets point at their text', () => {
    for (const c of chunks) {
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(c.text).toBe(c.text.trim());
      expect(c.end - c.start).toBeLessThanOrEqual(CHUNK_SIZES.max);
    }
    const long = chunks.filter((c) => c.headingPath.at(-1) === 'Checks' || c.headingPath.at(-1) === 'Escalation');
    expect(long.length).toBeGreaterThanOrEqual(4);
    // All but the last piece of a section reach the minimum.
    const checks = chunks.filter((c) => c.headingPath.at(-1) === 'Checks');
    for (const c of checks.slice(0, -1)) expect(c.text.length).toBeGreaterThanOrEqual(CHUNK_SIZES.min * 0.6);
  });

  it('overlaps neighbouring pieces of a section a little and cuts at sentence ends', () => {
    const checks = chunks.filter((c) => c.headingPath.at(-1) === 'Checks');
    for (let i = 1; i < checks.length; i++) {
      const overlap = checks[i - 1]!.end - checks[i]!.start;
      expect(overlap).toBeGreaterThan(0);
      expect(overlap).toBeLessThanOrEqual(CHUNK_SIZES.overlap);
      expect(checks[i - 1]!.text).toMatch(/\.$/);
    }
  });

  it('never spans two top-level sections, but keeps a small subsection with its parent', () => {
    const actions = chunks.filter((c) => c.text.includes('HV-204'));
    expect(actions).toHaveLength(1);
    expect(actions[0]!.text).toContain('Replace the filter element.');
    expect(actions[0]!.headingPath).toEqual(['Pressure runbook', 'Actions']);
    for (const c of chunks) {
      const tops = ['## Checks', '## Actions', '## Escalation'].filter((h) => c.text.includes(h));
      expect(tops.length).toBeLessThanOrEqual(1);
    }
  });

  it('leaves a document’s revision history and change log out of its passages, not out of its text', () => {
    const md = [
      '# Runbook',
      '',
      '## Limits',
      '',
      'The high alarm limit is 55 psi.',
      '',
      '## Revision history',
      '',
      '| Rev | Change |',
      '| 2 | Limits aligned with the configuration |',
      '',
      '## Change log',
      '',
      '- limits moved',
    ].join('\n');
    const d = parseMarkdown(md, 'r.md');
    const cut = chunkDocument('/k/r.md', d);
    expect(cut.some((c) => c.headingPath.at(-1) === 'Limits' && c.text.includes('55 psi'))).toBe(true);
    expect(cut.flatMap((c) => c.headingPath).filter((h) => /history|log/i.test(h))).toEqual([]);
    expect(cut.some((c) => c.text.includes('Limits aligned'))).toBe(false);
    expect(d.text).toContain('Limits aligned');
  });

  it('gives the same ids for the same document, and other ids for another path', () => {
    expect(chunkDocument('/k/p.md', doc).map((c) => c.id)).toEqual(chunks.map((c) => c.id));
    const other = chunkDocument('/k/q.md', doc).map((c) => c.id);
    expect(other.some((id) => chunks.some((c) => c.id === id))).toBe(false);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
  });

  it('splits a text with no break at all at the maximum', () => {
    const n = Math.round(CHUNK_SIZES.max * 2.5);
    const blob = 'x'.repeat(n);
    const pieces = chunkDocument('/k/b.txt', { text: blob, segments: [{ start: 0, end: n, headingPath: [] }] });
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces.every((p) => p.end - p.start <= CHUNK_SIZES.max)).toBe(true);
    expect(pieces[0]!.start).toBe(0);
    expect(pieces.at(-1)!.end).toBe(n);
  });
});

describe('chunker on any Markdown', () => {
  const line = fc.oneof(
    fc.constantFrom('# Title', '## Checks', '### Detail', '```', '', '---', '- item'),
    fc.string({ minLength: 0, maxLength: 300 }),
    fc.lorem({ maxCount: 60, mode: 'sentences' }),
  );

  it('keeps every non-blank character in some chunk, with exact offsets and bounded sizes', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), (lines) => {
        const text = lines.join('\n');
        const doc = parseMarkdown(text, 'f.md');
        const chunks = chunkDocument('/k/f.md', doc);
        const covered = new Uint8Array(text.length);
        for (const c of chunks) {
          expect(text.slice(c.start, c.end)).toBe(c.text);
          expect(c.end - c.start).toBeLessThanOrEqual(CHUNK_SIZES.max);
          covered.fill(1, c.start, c.end);
        }
        // What is outside every chunk is whitespace, or front matter.
        for (let i = frontMatterLength(text); i < text.length; i++) if (!covered[i]) expect(text[i]).toMatch(/\s/);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});
