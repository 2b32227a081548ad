// Acknowledgement failures are explained by code, never by message text.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../shared/errors';
import { describeAckError } from './ack-error';

describe('acknowledgement errors', () => {
  it('explains a state conflict by its code, whatever the message says', () => {
    const a = describeAckError(new EngineError('INVALID_STATE', 'x'));
    const b = describeAckError(new EngineError('INVALID_STATE', 'something else entirely'));
    expect(a).toEqual(b);
    expect(a.code).toBe('INVALID_STATE');
  });

  it('tells a lost connection apart from a refusal', () => {
    expect(describeAckError(new EngineError('UNAVAILABLE', '')).message).toMatch(/not connected/i);
    expect(describeAckError(new Error('boom')).code).toBe('INTERNAL');
  });
});
