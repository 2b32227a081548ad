// Text files must be UTF-8 (a BOM is dropped); anything else gets a reason rather than mojibake
// in the index.
export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Buffer): Decoded {
  if (bytes.includes(0)) return { ok: false, reason: 'binary file, not text (contains NUL bytes)' };
  try {
    return { ok: true, text: utf8.decode(bytes).replace(/\r\n?/g, '\n') };
  } catch {
    return { ok: false, reason: 'not UTF-8 (save the file as UTF-8 to index it)' };
  }
}
