import { describe, expect, it } from 'vitest';
import { describeRefusal } from './sign-in-result';

describe('describeRefusal', () => {
  it('says until when a locked account is locked, in local time', () => {
    const until = new Date(Date.now() + 15 * 60_000);
    until.setSeconds(0, 0);
    const hhmm = until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const words = describeRefusal('UNAUTHORIZED', `kim is locked until ${until.toISOString()}`, {
      lockedUntil: until.getTime(),
    });
    expect(words).toContain(`until ${hhmm}`);
    expect(words).not.toContain(until.toISOString());
  });

  it('keeps the engine’s words for a wrong password, and words the rest for people', () => {
    expect(describeRefusal('UNAUTHORIZED', 'wrong name or password')).toBe('wrong name or password');
    expect(describeRefusal('UNAVAILABLE', 'connection to the engine was lost')).toMatch(/does not answer/);
    expect(describeRefusal('RATE_LIMITED', 'too many requests', { retryAfterMs: 4200 })).toBe(
      'Too many attempts. Try again in 5 s.',
    );
    // A lockout that has already ended says nothing about it.
    expect(describeRefusal('UNAUTHORIZED', 'wrong name or password', { lockedUntil: Date.now() - 1 })).toBe(
      'wrong name or password',
    );
  });
});
