// Which Host headers the engine answers: the defence against DNS rebinding, where a hostile
// page makes its own name resolve to the engine and so becomes "same-origin" with it. The name
// a browser used is in the Host header, and only the engine's own names pass: loopback names
// when it is bound to loopback; with a non-loopback bind also the machine's host name, its
// addresses and the bind address; plus `server.allowedHosts` (the DNS name of a wall-display
// server, a reverse proxy). The port is not judged: a rebinding attacker controls the name,
// not the port, and proxies rewrite ports.
import { hostname, networkInterfaces } from 'node:os';
import { isLoopback } from '../ingest/ingest-auth';

const REFRESH_MS = 60_000;

/** "Example.COM.:5780" → "example.com"; "[::1]:80" → "::1"; undefined when it is not a host. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (!header || /[\s/@?#\\]/.test(header)) return undefined;
  try {
    const name = new URL(`http://${header}`).hostname.toLowerCase();
    const bare = name.startsWith('[') ? name.slice(1, -1) : name;
    return bare.endsWith('.') ? bare.slice(0, -1) : bare;
  } catch {
    return undefined;
  }
}

/** True for a bind address only this machine can reach. */
export function isLoopbackBind(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || isLoopback(name.startsWith('[') ? name.slice(1, -1) : name);
}

function loopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || isLoopback(name);
}

function ownNames(bindHost: string): Set<string> {
  const names = new Set<string>([bindHost.toLowerCase()]);
  const host = hostname().toLowerCase();
  names.add(host);
  names.add(host.split('.')[0]!);
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) names.add(nic.address.toLowerCase().split('%')[0]!);
  }
  return names;
}

export class HostPolicy {
  private readonly loopbackOnly: boolean;
  private readonly extra: Set<string>;
  private own: Set<string> | undefined;
  private ownAt = 0;

  constructor(
    private readonly bindHost: string,
    allowedHosts: readonly string[],
    private readonly clock: () => number = Date.now,
  ) {
    this.loopbackOnly = isLoopbackBind(bindHost);
    this.extra = new Set(allowedHosts.map((h) => hostNameOf(h) ?? h.toLowerCase()));
  }

  /** Whether a request that named this Host header was meant for this engine. */
  allows(hostHeader: string | undefined): boolean {
    const name = hostNameOf(hostHeader);
    if (name === undefined) return false;
    if (loopbackName(name) || this.extra.has(name)) return true;
    if (this.loopbackOnly) return false;
    // Addresses come and go (DHCP, VPN): the list is refreshed now and then.
    const now = this.clock();
    if (!this.own || now - this.ownAt > REFRESH_MS) {
      this.own = ownNames(this.bindHost);
      this.ownAt = now;
    }
    return this.own.has(name);
  }
}
