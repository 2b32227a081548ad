// Which names the engine answers to, bound to loopback and beyond it: the DNS-rebinding defence.
import { hostname, networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { HostPolicy, hostNameOf, isLoopbackBind } from './host-policy';

const lan = Object.values(networkInterfaces())
  .flat()
  .find((n) => n && !n.internal && n.family === 'IPv4')?.address;

describe('Host', () => {
  it('reads the name out of a Host header, and nothing out of junk', () => {
    expect(hostNameOf('Example.COM.:5780')).toBe('example.com');
    expect(hostNameOf('[::1]:80')).toBe('::1');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
    for (const junk of [undefined, '', 'a b', 'evil.example/x', 'user@evil.example', 'http://x']) {
      expect(hostNameOf(junk), String(junk)).toBeUndefined();
    }
  });

  it('bound to loopback, answers loopback names and the allowed ones only', () => {
    const policy = new HostPolicy('127.0.0.1', ['wall.plant.local']);
    for (const ok of ['127.0.0.1:5780', 'localhost:5780', '[::1]:5780', '127.1.2.3', 'WALL.plant.local:80']) {
      expect(policy.allows(ok), ok).toBe(true);
    }
    for (const bad of ['attacker.example:5780', '127.0.0.1.nip.io:5780', `${hostname()}:5780`, undefined]) {
      expect(policy.allows(bad), String(bad)).toBe(false);
    }
    if (lan) expect(policy.allows(`${lan}:5780`)).toBe(false);
  });

  it('bound beyond loopback, also answers the machine’s own name and addresses', () => {
    const policy = new HostPolicy('0.0.0.0', []);
    expect(policy.allows(`${hostname()}:5780`)).toBe(true);
    if (lan) expect(policy.allows(`${lan}:5780`)).toBe(true);
    expect(policy.allows('attacker.example:5780')).toBe(false);
    expect(new HostPolicy('wf.plant.local', []).allows('wf.plant.local:443')).toBe(true);
  });

  it('knows which bind addresses only this machine can reach', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) expect(isLoopbackBind(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'wf.plant.local']) expect(isLoopbackBind(h), h).toBe(false);
  });
});
