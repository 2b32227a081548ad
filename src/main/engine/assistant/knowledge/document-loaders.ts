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

/** Why a file is not indexed by its name alone, or undefined when a loader takes it. */
export function unsupportedReason(file: string): string | undefined {
  if (loaderFor(file)) return undefined;
  const ext = extname(file).toLowerCase();
  return ext ? `unsupported type ${ext}` : 'unsupported type (no file extension)';
}

/** Loads one file's bytes with the loader for its extension; never throws. */
export async function loadDocument(file: string, bytes: Buffer): Promise<LoadResult> {
  const loader = loaderFor(file);
  if (!loader) return { ok: false, reason: unsupportedReason(file)! };
  try {
    return await loader.load(bytes, file);
  } catch (err) {
    return { ok: false, reason: `could not be parsed (${(err as Error).message})` };
  }
}
