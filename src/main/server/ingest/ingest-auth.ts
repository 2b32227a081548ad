// Who may post readings. With bearer tokens configured, every client needs one of them (also
// on this machine: a local reverse proxy would otherwise open ingest to everyone behind it).
// With none configured, only loopback clients may post, so a fresh install that is exposed by
// `--host 0.0.0.0` for the wall displays does not also accept data from the network.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { refusal } from './ingest-errors';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (how a dual-stack socket reports IPv4). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** Hashing first makes every comparison the same length, so neither content nor length leaks. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export type IngestAuth = (req: Pick<IncomingMessage, 'headers' | 'socket'>) => void;

/** Returns a check that throws an UNAUTHORIZED refusal, or returns when the request may post. */
export function createIngestAuth(tokens: readonly string[]): IngestAuth {
  const accepted = tokens.map(digest);
  return (req) => {
    if (accepted.length === 0) {
      if (isLoopback(req.socket.remoteAddress)) return;
      throw refusal(
        'UNAUTHORIZED',
        'HTTP ingest accepts only clients on this machine until bearer tokens are configured (sources.http.tokens)',
      );
    }
    const header = req.headers.authorization;
    if (header === undefined) {
      throw refusal('UNAUTHORIZED', 'missing "Authorization: Bearer <token>" header');
    }
    const presented = BEARER.exec(header)?.[1];
    if (presented === undefined) {
      throw refusal('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
    }
    const wanted = digest(presented);
    // Compare with every token, without stopping at a match: the time taken says nothing.
    let ok = false;
    for (const token of accepted) ok = timingSafeEqual(wanted, token) || ok;
    if (!ok) throw refusal('UNAUTHORIZED', 'the bearer token is not one of the configured tokens');
  };
}
