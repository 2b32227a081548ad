// What the gate reads from a request, before the engine judges it: a Bearer secret (an API token
// by its wf_ prefix, else a session), the session cookie only where it cannot change anything
// (GET/HEAD, upgrades), the local key, and whether a desktop says it is one. And the limits:
// per address, and per user across addresses.
import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '../../../shared/rpc/call-context';
import { AccessGate, LOCAL_KEY_HEADER } from './access-gate';

const KEY = Buffer.alloc(32, 7);

function gate(perMinute = 100) {
  return new AccessGate({
    bindHost: '127.0.0.1',
    allowedHosts: [],
    allowedOrigins: [],
    rateLimits: { restWritesPerMinute: perMinute, restReadsPerMinute: perMinute, wsRequestsPerMinute: perMinute },
    localKey: KEY,
    clock: () => 1_000_000,
  });
}

function request(headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  return { headers: { host: '127.0.0.1:5780', ...headers }, socket: { remoteAddress } } as never;
}

const ada: CallerIdentity = { id: 'ada', role: 'operator', areas: null, kind: 'user', sessionId: 's1' };

describe('AccessGate.identify', () => {
  it('names a Bearer secret by its shape and prefers it to the cookie', () => {
    const g = gate();
    expect(g.identify(request({ authorization: 'Bearer wf_abc' }), { cookie: true }).credential).toEqual({
      kind: 'token',
      secret: 'wf_abc',
    });
    const both = g.identify(request({ authorization: 'bearer s3cret', cookie: 'watchfloor_session=other' }), {
      cookie: true,
    });
    expect(both).toMatchObject({ credential: { kind: 'session', secret: 's3cret' }, fromCookie: false });
  });

  it('takes the cookie only where it may, and says when it was left out', () => {
    const g = gate();
    const cookie = { cookie: 'theme=dark; watchfloor_session=abc' };
    expect(g.identify(request(cookie), { cookie: true })).toMatchObject({
      credential: { kind: 'session', secret: 'abc' },
      fromCookie: true,
      cookieIgnored: false,
    });
    expect(g.identify(request(cookie), { cookie: false })).toMatchObject({
      credential: undefined,
      cookieIgnored: true,
    });
    expect(g.identify(request({}), { cookie: false })).toMatchObject({ credential: undefined, cookieIgnored: false });
  });

  it('trusts the local key, and tells a desktop from a browser', () => {
    const g = gate();
    expect(g.identify(request({ [LOCAL_KEY_HEADER]: KEY.toString('hex') }), { cookie: false }).client.trusted).toBe(
      true,
    );
    expect(g.identify(request({ [LOCAL_KEY_HEADER]: 'f'.repeat(64) }), { cookie: false }).client.trusted).toBe(false);
    expect(g.identify(request({ 'x-watchfloor-client': 'Desktop' }), { cookie: false }).kind).toBe('remote');
    expect(g.identify(request({}), { cookie: false }).kind).toBe('browser');
  });

  it('refuses another site’s page before reading any credential', () => {
    expect(() =>
      gate().identify(request({ origin: 'http://evil.example', authorization: 'Bearer wf_abc' }), { cookie: true }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN', details: { reason: 'origin' } }));
  });
});

describe('AccessGate.limit', () => {
  it('counts a user on two addresses as one, and each address apart', () => {
    const g = gate(3);
    const from = (address: string) => g.identify(request({}, address), { cookie: false });
    g.limit('restRead', from('127.0.0.1'), ada);
    g.limit('restRead', from('127.0.0.1'), ada);
    g.limit('restRead', from('127.0.0.2'), ada);
    expect(() => g.limit('restRead', from('127.0.0.2'), ada)).toThrow(/from user ada/);
    // 127.0.0.2 made two of its three: someone else may still call from there.
    g.limit('restRead', from('127.0.0.2'), { ...ada, id: 'bob' });
    expect(() => g.limit('restRead', from('127.0.0.2'))).toThrow(/from 127\.0\.0\.2/);
  });
});
