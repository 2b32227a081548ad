// Reads a JSON request body for PUT/POST endpoints, with a size limit so a client cannot make
// the engine buffer without bound. The result is untrusted: callers hand it to the contract,
// whose schema validates it.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { EngineError } from '../../../shared/errors';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/** The part of an IncomingMessage this needs, so tests can pass a plain stream. */
export type BodySource = Readable & { headers: IncomingHttpHeaders };

function tooLarge(limitBytes: number): EngineError {
  return new EngineError('BAD_REQUEST', `request body is larger than ${limitBytes} bytes`, { limitBytes });
}

/** The raw body, refused once it is larger than `limitBytes` (declared or as it arrives). */
export async function readBodyBytes(req: BodySource, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume(); // discard, so the connection can carry the answer
    throw tooLarge(limitBytes);
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new EngineError('BAD_REQUEST', `request body could not be read: ${err.message}`));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Resolves to the parsed JSON, or undefined for an empty body (every field optional). */
export async function readJsonBody(req: BodySource, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const body = await readBodyBytes(req, limitBytes);
  if (body.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new EngineError('BAD_REQUEST', `request body must be application/json, not "${type || 'unspecified'}"`);
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new EngineError('BAD_REQUEST', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** A body that must be a JSON object (none: `{}`), as a copy the caller may change. */
export async function readJsonObject(req: BodySource): Promise<Record<string, unknown>> {
  const parsed = await readJsonBody(req);
  if (parsed === undefined) return {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EngineError('BAD_REQUEST', 'request body must be a JSON object');
  }
  return { ...(parsed as Record<string, unknown>) };
}
