// A folder feed (a LAN share mounted on the station, a local folder, an offline bundle on a USB
// stick) served read-only over HTTP on 127.0.0.1, for as long as one check and download last, so
// its files take exactly the path a web feed's do: the signed-manifest executor, electron-updater's
// download and its sha512 check. Only GET and HEAD of regular files inside the folder (resolved,
// symlinks followed, then compared with the folder's own real path); anything else is 403/404.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';

export interface FolderFeed {
  /** http://127.0.0.1:<port>/ — the folder's root. */
  url: string;
  close(): Promise<void>;
}

export async function serveFolder(folder: string): Promise<FolderFeed> {
  const root = await realpath(folder);
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let relative: string;
      try {
        relative = decodeURIComponent(new URL(req.url ?? '/', 'http://feed').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      let file: string;
      try {
        file = await realpath(join(root, relative));
      } catch {
        res.writeHead(404).end();
        return;
      }
      if (!file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': info.size, 'content-type': 'application/octet-stream' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
