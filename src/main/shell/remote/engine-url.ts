// The address of a central engine as the desktop stores it, checked once where the user types it.
// https (and wss) are the rule; plain http is accepted only for an engine on this machine — a test
// rig or a tunnel — and always comes with a warning, because nothing is encrypted and nothing can
// be pinned. Everything else (another scheme, a path, credentials in the URL) is refused in words.
import { isIP } from 'node:net';

export interface EngineAddress {
  /** `https://host:port` (or `http://127.0.0.1:port`): the REST side, /api/session. */
  readonly origin: string;
  /** `wss://host:port/ws` (or ws://): the contract. */
  readonly wsUrl: string;
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  /** Shown beside the address when it is not https. */
  readonly warning: string | null;
}

export class EngineUrlError extends Error {}

export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '0:0:0:0:0:0:0:1';
}

/** Parses what the user typed ("engine.plant.local:5780" means https). Throws EngineUrlError. */
export function parseEngineUrl(text: string): EngineAddress {
  const trimmed = text.trim();
  if (!trimmed) throw new EngineUrlError('enter the central engine’s address, e.g. https://engine.plant.local:5780');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EngineUrlError(`“${trimmed}” is not an address`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!['https', 'wss', 'http', 'ws'].includes(scheme)) {
    throw new EngineUrlError(`${scheme}: is not a Watchfloor engine address: use https://`);
  }
  if (url.username || url.password) throw new EngineUrlError('leave the user name and password out of the address');
  if ((url.pathname !== '/' && url.pathname !== '/ws') || url.search || url.hash) {
    throw new EngineUrlError('the address is the engine’s host and port only, e.g. https://engine.plant.local:5780');
  }
  const secure = scheme === 'https' || scheme === 'wss';
  const host = url.hostname;
  if (!secure && !isLoopbackHost(host)) {
    throw new EngineUrlError(
      'plain http is allowed only for an engine on this machine: use https:// (serve with server.tls)',
    );
  }
  const port = url.port ? Number(url.port) : secure ? 443 : 80;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const origin = `${secure ? 'https' : 'http'}://${hostPart}:${port}`;
  return {
    origin,
    wsUrl: `${secure ? 'wss' : 'ws'}://${hostPart}:${port}/ws`,
    secure,
    host: host.replace(/^\[|\]$/g, ''),
    port,
    warning: secure ? null : 'not encrypted: plain http is for testing on this machine only',
  };
}
