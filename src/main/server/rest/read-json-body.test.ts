// Request bodies: parsed when they are JSON and small enough, refused with a reason otherwise.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonBody, type BodySource } from './read-json-body';

function body(text: string, headers: Record<string, string> = { 'content-type': 'application/json' }): BodySource {
  return Object.assign(Readable.from([Buffer.from(text)]), { headers });
}

describe('readJsonBody', () => {
  it('parses a JSON body, and an empty body is undefined', async () => {
    expect(await readJsonBody(body('{"comment":"checked"}'))).toEqual({ comment: 'checked' });
    expect(await readJsonBody(body(''))).toBeUndefined();
  });

  it('refuses a body over the limit, whether declared or streamed', async () => {
    await expect(readJsonBody(body('{"a":1}', { 'content-length': '100' }), 10)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'request body is larger than 10 bytes',
    });
    await expect(readJsonBody(body('{"a":"0123456789"}'), 10)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses other content types and broken JSON', async () => {
    await expect(readJsonBody(body('a=1', { 'content-type': 'text/plain' }))).rejects.toThrow('application/json');
    await expect(readJsonBody(body('{"a":'))).rejects.toThrow('not valid JSON');
  });
});
