// Markdown: the text is the file as written (line endings normalised), so a viewer can show the
// source and highlight a passage exactly. ATX (`## x`) and setext (`x\n===`) headings open
// segments; `#` inside fenced code blocks is not a heading.
import { basename, extname } from 'node:path';
import type { DocumentLoader, ExtractedDocument, Segment } from './knowledge-types';
import { decodeUtf8 } from './text-decode';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export const markdownLoader: DocumentLoader = {
  extensions: ['.md', '.markdown'],
  async load(bytes, name) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, doc: parseMarkdown(decoded.text, name) };
  },
};

export function parseMarkdown(text: string, name: string): ExtractedDocument {
  const segments: Segment[] = [];
  const stack: { level: number; title: string }[] = [];
  let segStart = 0;
  let title: string | undefined;
  let fence: string | undefined;
  let prev: { start: number; line: string } | undefined;

  const open = (at: number, level: number, heading: string): void => {
    if (at > segStart) segments.push({ start: segStart, end: at, headingPath: stack.map((h) => h.title) });
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, title: heading });
    title ??= level === 1 ? heading : undefined;
    segStart = at;
  };

  let pos = frontMatterLength(text);
  segStart = pos;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1]!;
    } else {
      const atx = ATX.exec(line);
      const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
      if (atx) open(pos, atx[1]!.length, cleanHeading(atx[2] ?? ''));
      else if (setext && prev && prev.line.trim() !== '' && !ATX.test(prev.line) && !/^\s*[-*+>]/.test(prev.line))
        open(prev.start, setext[1]!.startsWith('=') ? 1 : 2, cleanHeading(prev.line));
    }
    prev = { start: pos, line };
    pos = end + 1;
  }
  if (text.length > segStart)
    segments.push({ start: segStart, end: text.length, headingPath: stack.map((h) => h.title) });
  return { text, segments, title: title ?? stack[0]?.title ?? basename(name, extname(name)) };
}

/** YAML front matter is metadata, not text (and its closing --- is not a setext heading). */
export function frontMatterLength(text: string): number {
  return /^---\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text)?.[0].length ?? 0;
}

/** A heading as a reader sees it: no emphasis, code ticks or link targets. */
export function cleanHeading(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
