// Who may post readings. Two kinds of bearer token are accepted: the tokens of the configuration
// file (`sources.http.tokens`) and the engine's API tokens with the `ingest` scope (`watchfloor
// token create --scope ingest`, listed and revocable by an administrator). A request that presents
// a token is judged by it, wherever it comes from. One that presents none may post only from this
// machine, and only while the configuration file lists no tokens (with tokens configured, a local
// reverse proxy would otherwise open ingest to everyone behind it), so a fresh install does not
// accept data from the network. A token only admits: readings posted with one record nothing new.
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

/** True when the secret is a valid, unrevoked API token with the `ingest` scope. */
export type IngestTokenCheck = (secret: string) => boolean;

/** Returns a check that throws an UNAUTHORIZED refusal, or returns when the request may post. */
export function createIngestAuth(tokens: readonly string[], apiToken?: IngestTokenCheck): IngestAuth {
  const accepted = tokens.map(digest);
  return (req) => {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (accepted.length === 0 && isLoopback(req.socket.remoteAddress)) return;
      throw refusal(
        'UNAUTHORIZED',
        accepted.length === 0 && !apiToken
          ? 'HTTP ingest accepts only clients on this machine until bearer tokens are configured (sources.http.tokens)'
          : 'missing "Authorization: Bearer <token>" header (a token of sources.http.tokens, or an API token with the ingest scope)',
      );
    }
    const presented = BEARER.exec(header)?.[1];
    if (presented === undefined) {
      throw refusal('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
    }
    const wanted = digest(presented);
    // Compare with every token, without stopping at a match: the time taken says nothing.
    let ok = false;
    for (const token of accepted) ok = timingSafeEqual(wanted, token) || ok;
    if (ok || apiTokenAccepts(apiToken, presented)) return;
    if (accepted.length === 0 && !apiToken) {
      if (isLoopback(req.socket.remoteAddress)) return;
      throw refusal(
        'UNAUTHORIZED',
        'HTTP ingest accepts only clients on this machine until bearer tokens are configured (sources.http.tokens)',
      );
    }
    throw refusal(
      'UNAUTHORIZED',
      'the bearer token is neither one of the configured tokens (sources.http.tokens) nor an API token with the ingest scope',
    );
  };
}

function apiTokenAccepts(check: IngestTokenCheck | undefined, secret: string): boolean {
  if (!check) return false;
  try {
    return check(secret);
  } catch {
    return false;
  }
}
