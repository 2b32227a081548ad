// /api/exports/:name: downloads a finished export (history.export writes it and names it in
// `Job.download`). Only plain file names directly inside <dataDir>/exports are reachable, and
// only the formats the engine writes, so neither a crafted name nor a stray file leaks anything.
import { open, type FileHandle } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EngineError } from '../../../shared/errors';
import type { Route } from './router';

export const EXPORT_NAME = /^[A-Za-z0-9._-]+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.parquet': 'application/vnd.apache.parquet',
};

export interface ExportRouteDeps {
  /** Resolved per request: the data directory is known only once the engine runs. */
  exportsDir: () => string;
}

/** The file behind a download name, or undefined when the name could point anywhere else. */
export function exportFilePath(exportsDir: string, name: string): string | undefined {
  if (!EXPORT_NAME.test(name) || name.startsWith('.')) return undefined;
  if (!CONTENT_TYPES[extname(name).toLowerCase()]) return undefined;
  const dir = resolve(exportsDir);
  const file = resolve(dir, name);
  return file.startsWith(dir + sep) && !file.slice(dir.length + 1).includes(sep) ? file : undefined;
}

export function exportRoutes({ exportsDir }: ExportRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/exports/:name',
      // Who may export may download what was exported.
      permission: 'history.export',
      async handle({ req, res, params }) {
        const name = params.name!;
        const missing = new EngineError('NOT_FOUND', `no export named ${JSON.stringify(name)}`);
        const file = exportFilePath(exportsDir(), name);
        if (!file) throw missing;

        // Open before answering, so a vanished file is a 404 rather than a cut-off 200.
        let handle: FileHandle;
        try {
          handle = await open(file, 'r');
        } catch {
          throw missing;
        }
        try {
          const stats = await handle.stat();
          if (!stats.isFile()) throw missing;
          res.writeHead(200, {
            'content-type': CONTENT_TYPES[extname(name).toLowerCase()]!,
            'content-length': stats.size,
            'content-disposition': `attachment; filename="${name}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          });
          if (req.method === 'HEAD') {
            res.end();
            return;
          }
          await pipeline(handle.createReadStream({ autoClose: false }), res).catch(() => {
            // The client went away mid-download; nothing to answer, and not an engine fault.
            res.destroy();
          });
        } finally {
          await handle.close();
        }
      },
    },
  ];
}
