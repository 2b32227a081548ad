// Ingest bodies: read whole up to the limit, refused as BODY_TOO_LARGE past it, declared or not.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readIngestBody, type IngestBodySource } from './read-ingest-body';

function body(chunks: string[], headers: Record<string, string> = {}): IngestBodySource {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers });
}

describe('readIngestBody', () => {
  it('returns the bytes of a body within the limit', async () => {
    expect((await readIngestBody(body(['{"a":', '1}']), 7)).toString()).toBe('{"a":1}');
  });

  it('refuses a declared length over the limit without reading', async () => {
    const source = body(['x'], { 'content-length': '11' });
    await expect(readIngestBody(source, 10)).rejects.toMatchObject({
      details: { refusal: 'BODY_TOO_LARGE', limitBytes: 10 },
      message: 'request body is 11 bytes, over the 10-byte limit (sources.http.maxBodyBytes)',
    });
    expect(source.readableFlowing).toBeNull();
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    const source = body(['0123456789', 'abc', 'never read']);
    await expect(readIngestBody(source, 12)).rejects.toMatchObject({ details: { refusal: 'BODY_TOO_LARGE' } });
    expect(source.isPaused()).toBe(true);
  });
});
