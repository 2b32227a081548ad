import { describe, expect, it } from 'vitest';
import { releaseNoteBlocks } from './release-notes';

describe('release notes', () => {
  it('reads Markdown headings, lists, paragraphs, code and bold', () => {
    const blocks = releaseNoteBlocks(
      '## Fixes\n- Alarm queue keeps **focus**\n- `serve --port` honoured\n\nThanks to the\nplant team.',
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: [{ kind: 'text', text: 'Fixes' }] },
      {
        kind: 'list',
        items: [
          [
            { kind: 'text', text: 'Alarm queue keeps ' },
            { kind: 'strong', text: 'focus' },
          ],
          [
            { kind: 'code', text: 'serve --port' },
            { kind: 'text', text: ' honoured' },
          ],
        ],
      },
      { kind: 'paragraph', text: [{ kind: 'text', text: 'Thanks to the plant team.' }] },
    ]);
  });

  it('never keeps markup: tags are dropped and what is left is text', () => {
    const blocks = releaseNoteBlocks(
      '<p>New</p><img src=x onerror="alert(1)"><ul><li>one</li></ul><script>x()</script>',
    );
    const text = JSON.stringify(blocks);
    expect(text).not.toMatch(/<|onerror/);
    expect(blocks[0]).toEqual({ kind: 'paragraph', text: [{ kind: 'text', text: 'New' }] });
    expect(blocks).toContainEqual({ kind: 'list', items: [[{ kind: 'text', text: 'one' }]] });
  });
});
