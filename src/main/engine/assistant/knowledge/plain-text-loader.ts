// Plain text: one segment, no headings.
import { basename, extname } from 'node:path';
import type { DocumentLoader } from './knowledge-types';
import { decodeUtf8 } from './text-decode';

export const plainTextLoader: DocumentLoader = {
  extensions: ['.txt', '.text'],
  async load(bytes, name) {
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) return decoded;
    const { text } = decoded;
    return {
      ok: true,
      doc: { text, segments: [{ start: 0, end: text.length, headingPath: [] }], title: basename(name, extname(name)) },
    };
  },
};
