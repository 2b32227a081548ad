// Serves the built renderer. Unknown paths under the app fall back to index.html; nothing
// outside the renderer directory is reachable. Text files go out compressed when the browser
// accepts it, from the .br and .gz copies the build writes beside them (nothing is compressed
// per request); files whose name carries the build's content hash are cached for a year,
// everything else (index.html, the icon) is revalidated, so a new build is seen at once.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** The file types the build writes compressed copies of (scripts/vite/precompress.ts). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg']);

/** Preferred first: brotli is smaller, gzip is what browsers send over plain http. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** A Vite build output under assets/: `<name>-<8-character content hash>.<ext>`. */
const HASHED = /(^|[/\\])assets[/\\][^/\\]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/** The same policy the Electron windows get (index.html carries it as a meta tag too). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** The codings an Accept-Encoding header allows (q > 0), lower-cased. */
export function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(',')) {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!coding) continue;
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(coding);
  }
  return accepted;
}

/** Cache policy for one file: a year for content-hashed build output, revalidate for the rest. */
export function cacheControl(relativePath: string): string {
  return HASHED.test(relativePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function readIfFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  let rel = decodeURIComponent(url.pathname);
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return false;

  let target = file;
  try {
    if (!(await stat(target)).isFile()) throw new Error('not a file');
  } catch {
    if (extname(rel)) return false; // a missing asset is a 404, not the app
    target = join(root, 'index.html');
  }
  const type = extname(target);
  const headers: Record<string, string | number> = {
    'content-type': TYPES[type] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': cacheControl(target.slice(root.length)),
  };
  let body: Buffer | undefined;
  if (COMPRESSIBLE.has(type)) {
    // Caches must keep the variants apart, whether or not this answer is compressed.
    headers.vary = 'accept-encoding';
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    for (const encoding of ENCODINGS) {
      if (!accepted.has(encoding.name)) continue;
      body = await readIfFile(target + encoding.suffix);
      if (body) {
        headers['content-encoding'] = encoding.name;
        break;
      }
    }
  }
  body ??= await readIfFile(target);
  if (!body) return false;
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
