import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, SecretBoxError } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('seals text into a versioned value that opens with the same key only', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('{"password":"s3cret"}');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('s3cret');
    expect(box.seal('{"password":"s3cret"}')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe('{"password":"s3cret"}');
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(SecretBoxError);
  });

  it('refuses an altered value, plaintext, and a key of the wrong size', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('hello');
    const body = Buffer.from(sealed.slice('wf-sealed:v1:'.length), 'base64');
    body[body.length - 1]! ^= 1;
    expect(() => box.open(`wf-sealed:v1:${body.toString('base64')}`)).toThrow(SecretBoxError);
    expect(() => box.open('{"plain":true}')).toThrow(SecretBoxError);
    expect(() => createSecretBox(randomBytes(16))).toThrow('32 bytes');
  });
});
