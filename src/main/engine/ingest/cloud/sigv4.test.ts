// SigV4 against AWS's published values: the signature version 4 test suite (get-vanilla,
// get-vanilla-query-order-key-case, post-vanilla; credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z,
// us-east-1, service "service") and the signing-key example of the IAM documentation. A signer that
// is nearly right fails here as it would fail at AWS.
import { describe, expect, it } from 'vitest';
import { signingKey, signRequest } from './sigv4';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = Date.UTC(2015, 7, 30, 12, 36, 0);
const suite = (method: string, url: string) =>
  signRequest({ method, url, headers: {}, body: '', region: 'us-east-1', service: 'service', now }, creds);

describe('SigV4', () => {
  it('signs get-vanilla as the test suite does', () => {
    const h = suite('GET', 'https://example.amazonaws.com/');
    expect(h['x-amz-date']).toBe('20150830T123600Z');
    expect(h.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('sorts the query string (get-vanilla-query-order-key-case)', () => {
    const h = suite('GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1');
    expect(h.authorization).toMatch(/Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500$/);
  });

  it('signs post-vanilla', () => {
    const h = suite('POST', 'https://example.amazonaws.com/');
    expect(h.authorization).toMatch(/Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b$/);
  });

  it('derives the signing key of the IAM documentation example', () => {
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
    expect(key.toString('hex')).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });

  it('signs a session token and the body, so a changed body no longer matches', () => {
    const req = {
      method: 'POST',
      url: 'https://monitoring.eu-west-1.amazonaws.com/',
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      region: 'eu-west-1',
      service: 'monitoring',
      now,
    };
    const a = signRequest({ ...req, body: '{"a":1}' }, { ...creds, sessionToken: 'TOKEN' });
    const b = signRequest({ ...req, body: '{"a":2}' }, { ...creds, sessionToken: 'TOKEN' });
    expect(a['x-amz-security-token']).toBe('TOKEN');
    expect(a.authorization).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,');
    expect(a.authorization).not.toBe(b.authorization);
  });
});
