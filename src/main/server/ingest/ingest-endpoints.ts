// The three ingest endpoints as rows: the media type each accepts, its query parameters, and
// how its body becomes a DecodeResult for the pipeline. JSON and CSV go through the decoders
// MQTT and Kafka use, so a reading means the same thing whichever way it arrives.
import { decodeCsvPayload } from '../../engine/ingest/decode-csv';
import { decodeJsonPayload, type DecodeOptions, type DecodeResult } from '../../engine/ingest/decode-json';
import { CSV_QUERY, csvMappingFrom } from './csv-mapping';
import { refusal } from './ingest-errors';

/** Turns the body into readings and rejections; throws a refusal for a request-level mistake. */
export type BodyDecoder = (body: Buffer, opts: DecodeOptions) => DecodeResult;

export interface IngestEndpoint {
  path: string;
  mediaTypes: readonly string[];
  query: readonly string[];
  /** Validates the query before the body is read, and returns the body's decoder. */
  prepare(query: URLSearchParams): BodyDecoder;
}

const JSON_TYPES = ['application/json'];

/** The first byte after a UTF-8 byte-order mark and JSON whitespace. */
function firstByte(body: Buffer): number | undefined {
  const bom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  for (let i = bom; i < body.length; i++) {
    const b = body[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

export const INGEST_ENDPOINTS: readonly IngestEndpoint[] = [
  {
    path: '/ingest/realtime',
    mediaTypes: JSON_TYPES,
    query: [],
    prepare: () => (body, opts) => {
      if (firstByte(body) === 0x5b /* [ */) {
        throw refusal('INVALID_REQUEST', '/ingest/realtime takes one JSON object; post arrays to /ingest/batch');
      }
      return decodeJsonPayload(body, opts);
    },
  },
  {
    path: '/ingest/batch',
    mediaTypes: JSON_TYPES,
    query: [],
    prepare: () => (body, opts) => decodeJsonPayload(body, opts),
  },
  {
    path: '/ingest/csv',
    mediaTypes: ['text/csv'],
    query: CSV_QUERY,
    prepare: (query) => {
      const mapping = csvMappingFrom(query);
      return (body, opts) => decodeCsvPayload(body, mapping, opts);
    },
  },
];

export const INGEST_PATHS = INGEST_ENDPOINTS.map((e) => e.path);
