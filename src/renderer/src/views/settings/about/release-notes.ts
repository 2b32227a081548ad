// Release notes as the manifest carries them (plain text or Markdown, sometimes HTML) turned into
// blocks of plain text the About screen renders as React text nodes: headings, bullet lists,
// paragraphs, and inline `code` and **bold**. Nothing is ever parsed as HTML, so a release note
// cannot inject markup or script; tags some feeds wrap notes in are dropped as text.

export type Inline = { kind: 'text' | 'code' | 'strong'; text: string };
export type NoteBlock =
  { kind: 'heading'; text: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'paragraph'; text: Inline[] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*/g;

export function inline(text: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    out.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'strong', text: m[2]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/** Drops HTML tags (kept as nothing, never interpreted) and decodes the few entities feeds use. */
function untag(text: string): string {
  return text
    .replace(/<\/(p|li|h\d|ul|ol|div)>|<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export function releaseNoteBlocks(notes: string): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: inline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of untag(notes).split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      blocks.push({ kind: 'heading', text: inline(heading[1]!) });
    } else if (item) {
      flush();
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list') last.items.push(inline(item[1]!));
      else blocks.push({ kind: 'list', items: [inline(item[1]!)] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}
