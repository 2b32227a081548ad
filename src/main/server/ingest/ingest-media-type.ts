// The body's declared format, checked before a byte of it is read: the media type each endpoint
// decodes, UTF-8 text only, and no content coding (a gzip body would otherwise be decoded as
// garbage and land in dead letters instead of being refused with a reason).
import type { IncomingHttpHeaders } from 'node:http';
import { refusal } from './ingest-errors';

const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

export function checkMediaType(headers: IncomingHttpHeaders, accepted: readonly string[]): void {
  const expected = accepted.join(' or ');
  const header = headers['content-type'];
  if (!header) {
    throw refusal('UNSUPPORTED_MEDIA_TYPE', `missing Content-Type; send ${expected}`, { accepted });
  }
  const [type = '', ...params] = header.split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  if (!accepted.includes(mediaType)) {
    throw refusal(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type ${JSON.stringify(type)} is not accepted here; send ${expected}`,
      {
        accepted,
      },
    );
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (!UTF8_CHARSETS.has(charset)) {
      throw refusal('UNSUPPORTED_MEDIA_TYPE', `charset ${JSON.stringify(charset)} is not supported; send UTF-8`, {
        accepted,
      });
    }
  }
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw refusal(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${JSON.stringify(encoding)} is not supported; send the body uncompressed`,
    );
  }
}
