import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type FolderFeed } from './folder-feed-server';

let root: string;
let feed: FolderFeed;

function get(path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const url = new URL(feed.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wf-folder-feed-'));
  mkdirSync(join(root, 'feed', 'sub'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'not for the feed');
  writeFileSync(join(root, 'feed', 'latest-linux.yml'), 'version: 1.1.0\n');
  writeFileSync(join(root, 'feed', 'sub', 'a b.deb'), 'deb');
  symlinkSync(join(root, 'secret.txt'), join(root, 'feed', 'link.txt'));
  feed = await serveFolder(join(root, 'feed'));
});

afterAll(async () => {
  await feed.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serveFolder', () => {
  it('serves the files inside the folder on 127.0.0.1', async () => {
    expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get('/latest-linux.yml?noCache=1')).toEqual({ status: 200, body: 'version: 1.1.0\n' });
    expect(await get('/sub/a%20b.deb')).toEqual({ status: 200, body: 'deb' });
  });

  it('serves nothing outside it, however the path is written, and nothing but reads', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/sub/..%2f..%2fsecret.txt', '/link.txt']) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('not for the feed');
    }
    expect((await get('/sub')).status).toBe(404);
    expect((await get('/missing.yml')).status).toBe(404);
    expect((await get('/latest-linux.yml', 'PUT')).status).toBe(405);
  });
});
