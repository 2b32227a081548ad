// Ending a request whose body is refused (413, or refused before it was read): the answer goes
// out, then the connection is closed. Bytes the client is still sending are read and dropped
// for a moment first, at most LINGER_MS and LINGER_BYTES: closing a socket with unread data
// makes the kernel send a reset, and a client still writing would see "connection reset"
// instead of the 413 (the "lingering close" of nginx and Apache). Then the upload is cut off.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const LINGER_MS = 1000;
export const LINGER_BYTES = 1024 * 1024;

/** Call before the answer is sent; the answer must not carry `Connection: close` (Node would close at once). */
export function cutUploadAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    const socket = req.socket;
    if (socket.destroyed) return;
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    let dropped = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) cut();
    });
    req.resume();
    socket.end();
  });
}
