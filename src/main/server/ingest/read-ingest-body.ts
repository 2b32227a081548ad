// Reads an ingest body as bytes, up to sources.http.maxBodyBytes. Past the limit it stops
// reading and refuses at once: the caller answers 413 and closes the connection rather than
// buffering or draining an upload of any size.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { EngineError } from '../../../shared/errors';
import { refusal } from './ingest-errors';

/** The part of an IncomingMessage this needs, so tests can pass a plain stream. */
export type IngestBodySource = Readable & { headers: IncomingHttpHeaders };

function tooLarge(limitBytes: number, declared?: number): EngineError {
  const size = declared === undefined ? 'larger than' : `${declared} bytes, over`;
  return refusal('BODY_TOO_LARGE', `request body is ${size} the ${limitBytes}-byte limit (sources.http.maxBodyBytes)`, {
    limitBytes,
  });
}

export async function readIngestBody(req: IngestBodySource, limitBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'] === undefined ? NaN : Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes, declared);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.pause();
        chunks.length = 0;
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new EngineError('BAD_REQUEST', `request body could not be read: ${err.message}`));
    };
    const onAborted = () => onError(new Error('the client closed the connection'));
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    // 'close' before 'end' means the upload was cut short.
    const onClose = () => {
      if (!req.readableEnded) onAborted();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
