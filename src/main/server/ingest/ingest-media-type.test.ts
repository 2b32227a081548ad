// The declared body format: the endpoint's media type, in UTF-8, uncompressed.
import { describe, expect, it } from 'vitest';
import { checkMediaType } from './ingest-media-type';

const JSON_ONLY = ['application/json'];

describe('checkMediaType', () => {
  it('accepts the media type with or without a UTF-8 charset, in any case', () => {
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8', 'application/json;charset="utf-8"']) {
      expect(() => checkMediaType({ 'content-type': type }, JSON_ONLY), type).not.toThrow();
    }
  });

  it('refuses a missing or other type, another charset, and compressed bodies as 415s', () => {
    const refused = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of refused) {
      expect(() => checkMediaType(headers, JSON_ONLY), JSON.stringify(headers)).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ refusal: 'UNSUPPORTED_MEDIA_TYPE' }) }),
      );
    }
  });
});
