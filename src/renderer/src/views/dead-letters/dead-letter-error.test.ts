// Failures are explained by code, never by message text, and say whether anything changed.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/errors';
import { describeDeadLetterError } from './dead-letter-error';

describe('dead-letter errors', () => {
  it('reads the code, whatever the message says', () => {
    const a = describeDeadLetterError(new EngineError('UNAVAILABLE', 'socket closed'), 'requeue');
    const b = describeDeadLetterError(new EngineError('UNAVAILABLE', 'anything'), 'requeue');
    expect(a).toEqual(b);
    expect(a.message).toMatch(/nothing was changed/);
  });

  it('tells a lost connection apart from an unexpected failure', () => {
    expect(describeDeadLetterError(new EngineError('TIMEOUT', ''), 'load').message).toMatch(/not connected/i);
    expect(describeDeadLetterError(new Error('boom'), 'discard').code).toBe('INTERNAL');
  });

  it('says the page is out of date, not that the engine is down, when its code for dead letters is gone', () => {
    const { message } = describeDeadLetterError(
      new EngineError('UNAVAILABLE', 'the page is out of date: reload it', { outdated: true, group: 'deadLetters' }),
      'load',
    );
    expect(message).toMatch(/out of date: reload it to load the dead letters/);
    expect(message).not.toMatch(/not connected/i);
  });
});
