// HTTP ingest: POST /ingest/realtime, /ingest/batch and /ingest/csv on the engine's HTTP server.
// A data-plane source like MQTT, not a REST endpoint: it hands readings straight to the
// pipeline (source "http") and answers 202 only once they are durable, so a client that got
// 202 may forget its data and one that got 503 must send it again.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { HttpIngestConfig } from '../../engine/config/config-schema';
import { decoderFailure, messageOf } from '../../engine/ingest/decode-guard';
import type { DecodeResult } from '../../engine/ingest/decode-json';
import type { IngestOutcome, Pipeline } from '../../engine/ingest/pipeline';
import { EngineError } from '../../../shared/errors';
import { httpIngestKind } from '../../../shared/sources/http-ingest-schema';
import { sendData } from '../rest/envelope';
import { cutUploadAfterAnswer } from './cut-upload';
import { createIngestAuth, type IngestTokenCheck } from './ingest-auth';
import { INGEST_ENDPOINTS, INGEST_PATHS, type BodyDecoder, type IngestEndpoint } from './ingest-endpoints';
import { refusal, sendRefusal, statusOf } from './ingest-errors';
import { checkMediaType } from './ingest-media-type';
import { replyFor } from './ingest-outcome';
import { readIngestBody } from './read-ingest-body';

/** The source name its readings, counters and dead letters carry: the kind's ("http"). */
export const INGEST_SOURCE = httpIngestKind.kind;

export interface HttpIngestOptions {
  pipeline: Pick<Pipeline, 'submitDecoded' | 'decodeOptions' | 'writable'>;
  /** sources.http, or how to read it now: Settings → Sources changes it while the server runs. */
  config: HttpIngestConfig | (() => HttpIngestConfig);
  /** The engine's API tokens with the `ingest` scope (engine.access), besides sources.http.tokens. */
  apiToken?: IngestTokenCheck;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** How dead letters and logs name where a payload came from: `127.0.0.1/ingest/batch`. */
function originOf(req: IncomingMessage, path: string): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}${path}`;
}

function checkQuery(query: URLSearchParams, endpoint: IngestEndpoint): void {
  for (const name of new Set(query.keys())) {
    if (endpoint.query.includes(name)) continue;
    const takes = endpoint.query.length > 0 ? `; it takes ${endpoint.query.join(', ')}` : '; it takes none';
    throw refusal('INVALID_REQUEST', `unknown query parameter "${name}" for ${endpoint.path}${takes}`, {
      parameter: name,
    });
  }
}

/** The body's size as the client declared it, for the dead letter of a body refused unread. */
function declaredSize(req: IncomingMessage, config: HttpIngestConfig): number {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared >= 0 ? declared : config.maxBodyBytes + 1;
}

/** The client went away mid-upload: there is no one to refuse and nothing to keep. */
function aborted(err: unknown): boolean {
  return err instanceof EngineError && err.message.startsWith('request body could not be read');
}

function notStored(): EngineError {
  return new EngineError(
    'UNAVAILABLE',
    'the readings could not be stored (see /api/health: the data disk may be full); nothing was acknowledged, send them again',
  );
}

/** An empty payload is a rejection too, so that it is answered 400 and kept in dead letters. */
function nonEmpty(decoded: DecodeResult, body: Buffer): DecodeResult {
  if (decoded.readings.length > 0 || decoded.rejects.length > 0) return decoded;
  return { readings: [], rejects: [{ reason: 'the payload holds no readings', raw: body }] };
}

/**
 * The handler for every path under /ingest. Without options (a server started without the
 * engine's pipeline) or with sources.http.enabled false, every path is a 404.
 */
export function createHttpIngest(options: HttpIngestOptions | undefined, log: (message: string) => void): Handler {
  const currentConfig = (): HttpIngestConfig | undefined =>
    typeof options?.config === 'function' ? options.config() : options?.config;
  // The check is rebuilt only when the token list itself changes.
  let authFor: { tokens: readonly string[]; auth: ReturnType<typeof createIngestAuth> } | undefined;
  const authOf = (tokens: readonly string[]) => {
    if (authFor?.tokens !== tokens) authFor = { tokens, auth: createIngestAuth(tokens, options?.apiToken) };
    return authFor.auth;
  };

  /** Everything refused before its body is read: the upload is cut off after the answer. */
  const refuseUnread = (
    req: IncomingMessage,
    res: ServerResponse,
    err: unknown,
    extra: { headers?: OutgoingHttpHeaders; status?: number } = {},
  ) => {
    cutUploadAfterAnswer(req, res);
    sendRefusal(res, err, log, extra);
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const config = currentConfig();
    if (!options || !config?.enabled) {
      return refuseUnread(req, res, new EngineError('NOT_FOUND', 'HTTP ingest is disabled (sources.http.enabled)'));
    }
    const { pipeline } = options;
    const auth = authOf(config.tokens);
    const endpoint = INGEST_ENDPOINTS.find((e) => e.path === url.pathname);
    if (!endpoint) {
      const message = `no ingest endpoint ${url.pathname}; use ${INGEST_PATHS.join(', ')}`;
      return refuseUnread(req, res, new EngineError('UNKNOWN_METHOD', message));
    }
    if (req.method !== 'POST') {
      const err = new EngineError('UNKNOWN_METHOD', `${req.method} is not allowed on ${url.pathname}; use POST`);
      return refuseUnread(req, res, err, { headers: { allow: 'POST' }, status: 405 });
    }

    try {
      auth(req);
    } catch (err) {
      // Not kept: a caller without a token must not be able to write into the engine's state.
      return refuseUnread(req, res, err);
    }
    // History cannot write (disk full): say so before the client uploads a body for nothing.
    // Nothing is refused, so nothing is kept: the client sends it again.
    if (!pipeline.writable) return refuseUnread(req, res, notStored());

    const origin = originOf(req, url.pathname);
    /** Every refusal of an authorised request is kept, so a client's mistakes show in the control room. */
    const deadLetter = (reason: string, raw: Uint8Array, size?: number) => {
      const rejects = [{ reason, raw, ...(size === undefined ? {} : { size }) }];
      pipeline.submitDecoded(INGEST_SOURCE, origin, { readings: [], rejects }).catch((err: unknown) => {
        log(`HTTP ingest from ${origin}: the refusal was not kept in dead letters: ${messageOf(err)}`);
      });
    };

    let decode: BodyDecoder;
    let body: Buffer;
    try {
      checkMediaType(req.headers, endpoint.mediaTypes);
      checkQuery(url.searchParams, endpoint);
      decode = endpoint.prepare(url.searchParams);
      body = await readIngestBody(req, config.maxBodyBytes);
    } catch (err) {
      // Refused before (or while) the body was read: the letter names the request, without its body.
      if (!aborted(err))
        deadLetter(`refused (${statusOf(err)}): ${messageOf(err)}`, new Uint8Array(0), declaredSize(req, config));
      return refuseUnread(req, res, err);
    }

    try {
      // The body limit is the payload limit here: HTTP bodies are batches, unlike MQTT messages.
      const opts = { ...pipeline.decodeOptions(), maxPayloadBytes: config.maxBodyBytes };
      let decoded: DecodeResult;
      try {
        decoded = decode(body, opts);
      } catch (err) {
        if (!(err instanceof EngineError)) {
          decoded = decoderFailure(`HTTP ingest ${url.pathname}: decoding`, body, log, err);
        } else {
          // A request-level mistake the endpoint found in the body (an array sent to /ingest/realtime).
          deadLetter(err.message, body);
          throw err;
        }
      }
      decoded = nonEmpty(decoded, body);
      const rows = decoded.readings.length + decoded.rejects.length;
      if (rows > config.maxRows) {
        const message = `the payload holds ${rows} readings, over the ${config.maxRows}-reading limit (sources.http.maxRows)`;
        deadLetter(message, body);
        throw refusal('TOO_MANY_ROWS', message, { rows, limit: config.maxRows });
      }
      let outcome: IngestOutcome;
      try {
        outcome = await pipeline.submitDecoded(INGEST_SOURCE, origin, decoded);
      } catch (err) {
        // While history cannot write, health says why; a line per refused request would bury it.
        if (pipeline.writable) log(`HTTP ingest from ${origin} not stored: ${(err as Error).message}`);
        throw notStored();
      }
      const reply = replyFor(outcome, rows);
      sendData(res, reply.data, reply.meta, 202);
    } catch (err) {
      sendRefusal(res, err, log);
    }
  };
}
