// What the knowledge index works with: a document's extracted text cut into segments (a heading's
// section, or a PDF page), the chunks made from them, and a loader's verdict on one file.
// Offsets are JavaScript string indices (UTF-16 code units) into the extracted text.

/** A contiguous range of a document's extracted text under one heading path or on one page. */
export interface Segment {
  start: number;
  end: number;
  /** Headings above this range, outermost first (Markdown, HTML); empty for plain text and PDF. */
  headingPath: string[];
  /** 1-based page (PDF only). */
  page?: number;
}

/** A document as a loader extracted it. */
export interface ExtractedDocument {
  /** The text chunks' offsets point into (Markdown: the file as written; HTML: its visible text; PDF: pages joined). */
  text: string;
  /** In order, not overlapping, covering the text that matters. */
  segments: Segment[];
  /** The first heading, the HTML title or the PDF's title, when there is one. */
  title?: string;
  /** Pages (PDF only). */
  pages?: number;
}

export type LoadResult = { ok: true; doc: ExtractedDocument } | { ok: false; reason: string };

/** Reads one kind of file. Never throws: a file it cannot read is a reason. */
export interface DocumentLoader {
  /** Lower-case extensions with the dot: ['.md', '.markdown']. */
  extensions: readonly string[];
  /** `bytes` is the whole file; `name` its file name (for a title when the file has none). */
  load(bytes: Buffer, name: string): Promise<LoadResult>;
}

/** A passage ready to store: text is exactly `documentText.slice(start, end)`. */
export interface Chunk {
  /** Deterministic: hash of document path and offsets. */
  id: string;
  ordinal: number;
  start: number;
  end: number;
  headingPath: string[];
  page?: number;
  text: string;
}

/**
 * Turns texts into vectors (built elsewhere on Ollama's /api/embed). `model` names the vector
 * space: when it changes, stored vectors are dropped and every chunk is embedded again.
 */
export interface Embedder {
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}
