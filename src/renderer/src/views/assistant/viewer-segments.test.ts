// The viewer marks exactly the highlighted passage and anchors each heading where it starts.
import { describe, expect, it } from 'vitest';
import { viewerSegments } from './viewer-segments';

describe('viewerSegments', () => {
  const text = '# Pressure\nSymptoms here.\n## Checks\nOpen the valve slowly.\nEnd.';
  const checks = text.indexOf('## Checks');
  const passage = { start: text.indexOf('Open'), end: text.indexOf('End.') };

  it('puts the highlighted passage in one marked segment and the rest unmarked', () => {
    const segs = viewerSegments(text, [{ start: 0 }, { start: checks }], passage);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    const marked = segs.filter((s) => s.highlighted);
    expect(marked.map((s) => s.text)).toEqual(['Open the valve slowly.\n']);
    expect(segs.filter((s) => s.heading !== null).map((s) => [s.heading, s.start])).toEqual([
      [0, 0],
      [1, checks],
    ]);
  });

  it('clamps offsets outside the text instead of losing text', () => {
    const segs = viewerSegments('short', [{ start: 99 }], { start: 2, end: 500 });
    expect(segs.map((s) => s.text).join('')).toBe('short');
    expect(segs.filter((s) => s.highlighted).map((s) => s.text)).toEqual(['ort']);
    expect(segs.some((s) => s.heading === 0)).toBe(true);
  });

  it('marks nothing for a whole document opened without a passage', () => {
    expect(viewerSegments(text, [], null).every((s) => !s.highlighted)).toBe(true);
    expect(viewerSegments(text, [], null)).toHaveLength(1);
  });
});
