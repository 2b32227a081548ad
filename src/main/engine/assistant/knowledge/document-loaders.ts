// The loaders, listed once: a new format is a new loader module plus one entry here.
import { extname } from 'node:path';
import { htmlLoader } from './html-loader';
import type { DocumentLoader, LoadResult } from './knowledge-types';
import { markdownLoader } from './markdown-loader';
import { pdfLoader } from './pdf-loader';
import { plainTextLoader } from './plain-text-loader';

export const DOCUMENT_LOADERS: readonly DocumentLoader[] = [markdownLoader, plainTextLoader, htmlLoader, pdfLoader];

const byExtension = new Map(DOCUMENT_LOADERS.flatMap((l) => l.extensions.map((e) => [e, l] as const)));

export const SUPPORTED_EXTENSIONS: readonly string[] = [...byExtension.keys()];

export function loaderFor(file: string): DocumentLoader | undefined {
  return byExtension.get(extname(file).toLowerCase());
}

/** Loads one file's bytes with the loader for its extension; never throws. */
export async function loadDocument(file: string, bytes: Buffer): Promise<LoadResult> {
  const loader = loaderFor(file);
  const ext = extname(file).toLowerCase();
  if (!loader) return { ok: false, reason: ext ? `unsupported type ${ext}` : 'unsupported type (no file extension)' };
  try {
    return await loader.load(bytes, file);
  } catch (err) {
    return { ok: false, reason: `could not be parsed (${(err as Error).message})` };
  }
}
