// HTML: the text is what a browser shows (scripts, styles, comments and the head dropped, block
// elements on their own lines, entities decoded); h1–h6 open segments and form the heading path.
// A small scanner, not a DOM: exported manuals and wiki pages, not arbitrary web apps.
import { basename, extname } from 'node:path';
import { decodeEntities } from './html-entities';
import type { DocumentLoader, ExtractedDocument, Segment } from './knowledge-types';
import { decodeUtf8 } from './text-decode';

const DROPPED =
  /<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?<\/\1\s*>|<head\b[^>]*>[\s\S]*?(?=<body\b)|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>/gi;
const BLOCK = new Set(
  'address article aside blockquote body dd details div dl dt fieldset figcaption figure footer form header hr html li main nav ol p pre section summary table tbody thead tfoot tr ul caption'.split(
    ' ',
  ),
);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;

export const htmlLoader: DocumentLoader = {
  extensions: ['.html', '.htm'],
  async load(bytes, name) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, doc: parseHtml(decoded.text, name) };
  },
};

export function parseHtml(html: string, name: string): ExtractedDocument {
  const titleMatch = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const pageTitle = titleMatch ? squash(decodeEntities(titleMatch[1]!)) : '';
  const source = html.replace(DROPPED, ' ');

  let out = '';
  let pre = 0;
  const segments: Segment[] = [];
  const stack: { level: number; title: string }[] = [];
  let segStart = 0;
  let heading: { level: number; start: number } | undefined;
  let firstHeading: string | undefined;

  const lineBreak = (n: number): void => {
    let keep = out.length;
    while (keep > 0 && (out[keep - 1] === ' ' || out[keep - 1] === '\t')) keep--;
    if (keep < out.length) out = out.slice(0, keep);
    if (out.length === 0) return;
    let have = 0;
    while (have < n && out[out.length - 1 - have] === '\n') have++;
    if (have < n) out += '\n'.repeat(n - have);
  };
  const addText = (raw: string): void => {
    let text = decodeEntities(raw);
    if (pre === 0) {
      text = text.replace(/\s+/g, ' ');
      if (out.length === 0 || /\s/.test(out[out.length - 1]!)) text = text.replace(/^ /, '');
    }
    out += text;
  };

  let last = 0;
  for (const m of source.matchAll(TAG)) {
    addText(source.slice(last, m.index));
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const level = /^h[1-6]$/.test(tag) ? Number(tag[1]) : 0;
    if (level > 0) {
      lineBreak(2);
      if (!closing) {
        heading = { level, start: out.length };
      } else if (heading) {
        const title = squash(out.slice(heading.start));
        if (heading.start > segStart) segments.push({ start: segStart, end: heading.start, headingPath: path(stack) });
        while (stack.length > 0 && stack[stack.length - 1]!.level >= heading.level) stack.pop();
        stack.push({ level: heading.level, title });
        firstHeading ??= title;
        segStart = heading.start;
        heading = undefined;
      }
    } else if (tag === 'br') {
      lineBreak(1);
    } else if (tag === 'pre') {
      pre = Math.max(0, pre + (closing ? -1 : 1));
      lineBreak(2);
    } else if (tag === 'td' || tag === 'th') {
      if (!closing && out.length > 0 && !out.endsWith('\n')) out += ' | ';
    } else if (tag === 'li' && !closing) {
      lineBreak(1);
      out += '- ';
    } else if (BLOCK.has(tag)) {
      lineBreak(tag === 'li' || tag === 'tr' || tag === 'dt' || tag === 'dd' ? 1 : 2);
    }
  }
  addText(source.slice(last));
  out = out.replace(/\s+$/, '');
  if (out.length > segStart) segments.push({ start: segStart, end: out.length, headingPath: path(stack) });
  return { text: out, segments, title: pageTitle || firstHeading || basename(name, extname(name)) };
}

function path(stack: readonly { title: string }[]): string[] {
  return stack.map((h) => h.title);
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
