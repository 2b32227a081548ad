// Who may post: loopback clients when no tokens are configured, token holders otherwise.
import { describe, expect, it } from 'vitest';
import { createIngestAuth, isLoopback } from './ingest-auth';

const TOKEN = 'a-token-of-sixteen-chars';

function request(remoteAddress: string, authorization?: string) {
  return {
    socket: { remoteAddress },
    headers: authorization === undefined ? {} : { authorization },
  } as unknown as Parameters<ReturnType<typeof createIngestAuth>>[0];
}

describe('isLoopback', () => {
  it('knows 127.0.0.0/8 and ::1, also IPv4-mapped, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '1127.0.0.1', '', undefined]) {
      expect(isLoopback(a), String(a)).toBe(false);
    }
  });
});

describe('createIngestAuth', () => {
  it('without tokens, lets this machine post and refuses the network', () => {
    const auth = createIngestAuth([]);
    expect(() => auth(request('127.0.0.1'))).not.toThrow();
    expect(() => auth(request('::1'))).not.toThrow();
    expect(() => auth(request('192.168.1.20', `Bearer ${TOKEN}`))).toThrow(/only clients on this machine/);
  });

  it('with tokens, wants one of them from every client, loopback included', () => {
    const auth = createIngestAuth([TOKEN, 'another-token-of-16']);
    expect(() => auth(request('192.168.1.20', `Bearer ${TOKEN}`))).not.toThrow();
    expect(() => auth(request('10.1.1.1', 'bearer another-token-of-16'))).not.toThrow();
    const refused = [undefined, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}0`, `Basic ${TOKEN}`, 'Bearer'];
    for (const header of refused) {
      expect(() => auth(request('127.0.0.1', header)), String(header)).toThrow(
        expect.objectContaining({ code: 'BAD_REQUEST', details: { refusal: 'UNAUTHORIZED' } }),
      );
    }
  });

  it('takes API tokens with the ingest scope beside the configured ones, and judges any token presented', () => {
    const auth = createIngestAuth([], (secret) => secret === 'wf_ingest-scope');
    expect(() => auth(request('192.168.1.20', 'Bearer wf_ingest-scope'))).not.toThrow();
    // Nothing presented, nothing configured: this machine only.
    expect(() => auth(request('127.0.0.1'))).not.toThrow();
    expect(() => auth(request('192.168.1.20'))).toThrow(/missing "Authorization: Bearer <token>"/);
    // A token of another scope (or none at all) is refused, also from this machine.
    expect(() => auth(request('127.0.0.1', 'Bearer wf_api-scope'))).toThrow(/nor an API token with the ingest scope/);
    const both = createIngestAuth([TOKEN], () => {
      throw new Error('the token store is closed');
    });
    expect(() => both(request('10.0.0.9', `Bearer ${TOKEN}`))).not.toThrow();
    expect(() => both(request('10.0.0.9', 'Bearer wf_x'))).toThrow(/neither/);
  });
});
