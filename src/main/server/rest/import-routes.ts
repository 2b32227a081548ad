// POST /api/import/upload: a file from the operator's machine onto the engine's, for
// import.preview and import.start (whose paths are on the engine's machine). The body is the
// file itself (application/octet-stream, at most server.maxUploadBytes, 1 GiB by default),
// streamed to <dataDir>/imports/<uuid>-<name> and never held in memory; the answer is the stored
// path. Only application/octet-stream is taken: a cross-site page cannot send that without a
// CORS preflight, which this server never grants (and the access gate refuses other origins
// anyway), so no other site can fill the disk through an operator's browser. Uploads older than
// a day are removed when the next one arrives.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ImportUpload } from '../../../shared/contract';
import { EngineError } from '../../../shared/errors';
import { cutUploadAfterAnswer } from '../ingest/cut-upload';
import { sendError } from './envelope';
import type { Route } from './router';

export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const KEEP_UPLOADS_MS = 24 * 3600 * 1000;
const PART = '.part';

export interface ImportRouteDeps {
  /** Resolved per request: the data directory is known only once the engine runs. */
  importsDir: () => string;
  log: (message: string) => void;
  clock: () => number;
  maxBytes?: number;
}

/** A name safe in any file system, keeping the operator's name recognisable: "Line 2.csv" → "Line_2.csv". */
export function uploadName(name: string | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-120);
  return safe || 'upload';
}

/** Answered 413; the code stays BAD_REQUEST, the status tells HTTP tooling what happened. */
class UploadTooLarge extends EngineError {
  constructor(limit: number) {
    super('BAD_REQUEST', `the file is larger than the ${limit}-byte upload limit`, { limitBytes: limit });
  }
}

/** Refuses without reading the body: the answer goes out, then the upload is cut off. */
function refuse(req: IncomingMessage, res: ServerResponse, err: EngineError, status: number, log: (m: string) => void) {
  cutUploadAfterAnswer(req, res);
  sendError(res, err, log, { status });
}

/**
 * Streams the body into `file`, with backpressure. Past the limit it stops reading and
 * rejects at once, leaving the connection to carry the 413 (the caller cuts it afterwards).
 */
function receive(req: IncomingMessage, file: string, maxBytes: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const out = createWriteStream(file);
    let size = 0;
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onReadError);
      req.off('close', onClose);
      if (err) {
        req.pause();
        out.destroy();
        reject(err);
        return;
      }
      out.end();
      out.once('close', () => resolve(size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return settle(new UploadTooLarge(maxBytes));
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    };
    const onEnd = () => settle();
    const onReadError = (err: Error) =>
      settle(new EngineError('BAD_REQUEST', `the upload could not be read: ${err.message}`));
    // 'close' before 'end': the client went away mid-upload.
    const onClose = () => {
      if (!req.readableEnded)
        settle(new EngineError('BAD_REQUEST', 'the upload was cut off before the end of the file'));
    };
    out.on('error', (err: NodeJS.ErrnoException) => {
      const stored = new EngineError('INTERNAL', `the upload could not be stored (${err.code ?? 'write error'})`);
      if (!settled) settle(stored);
      else reject(stored);
    });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onReadError);
    req.on('close', onClose);
  });
}

/** Best effort: an old upload that cannot be removed now is tried again next time. */
async function sweep(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, name);
    const s = await stat(file).catch(() => undefined);
    if (s?.isFile() && now - s.mtimeMs > KEEP_UPLOADS_MS) await rm(file, { force: true }).catch(() => {});
  }
}

export function importRoutes({ importsDir, log, clock, maxBytes = MAX_UPLOAD_BYTES }: ImportRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/import/upload',
      // An upload is only good for an import: who may not import may not fill the disk either.
      permission: 'import.start',
      query: ['name'],
      async handle({ req, res, query }) {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'application/octet-stream') {
          const err = new EngineError(
            'BAD_REQUEST',
            `send the file itself as application/octet-stream, not "${type || 'unspecified'}"`,
          );
          return refuse(req, res, err, 415, log);
        }
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes)
          return refuse(req, res, new UploadTooLarge(maxBytes), 413, log);

        const dir = importsDir();
        await mkdir(dir, { recursive: true });
        await sweep(dir, clock());
        const name = uploadName(query.get('name'));
        const file = join(dir, `${randomUUID()}-${name}`);
        let size: number;
        try {
          size = await receive(req, file + PART, maxBytes);
          await rename(file + PART, file);
        } catch (err) {
          await rm(file + PART, { force: true });
          if (err instanceof UploadTooLarge) {
            return refuse(req, res, err, 413, log);
          }
          throw err;
        }
        const data: ImportUpload = { path: file, name, sizeBytes: size };
        return { data, status: 201 };
      },
    },
  ];
}
