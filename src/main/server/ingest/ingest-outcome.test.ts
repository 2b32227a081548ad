// Answers to a finished submission: 202 with per-row reasons, 400 when nothing was stored, and
// a bounded list of reasons however many rows failed.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../shared/errors';
import { statusOf } from './ingest-errors';
import { MAX_LISTED_REJECTIONS, replyFor } from './ingest-outcome';

describe('replyFor', () => {
  it('lists rejected rows beside the accepted count', () => {
    expect(replyFor({ accepted: 2, rejected: [{ index: 1, reason: 'bad' }] }, 3)).toEqual({
      data: { accepted: 2, rejected: [{ index: 1, reason: 'bad' }] },
      meta: { rows: 3, rejected: 1 },
    });
  });

  it('refuses with 400 and the reasons when nothing was accepted', () => {
    let thrown: unknown;
    try {
      replyFor({ accepted: 0, rejected: [{ reason: 'payload is not valid JSON: x' }] }, 1);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect(statusOf(thrown)).toBe(400);
    expect((thrown as EngineError).message).toBe('payload is not valid JSON: x');
  });

  it('caps the listed reasons and says so', () => {
    const rejected = Array.from({ length: MAX_LISTED_REJECTIONS + 5 }, (_, index) => ({ index, reason: 'bad' }));
    const reply = replyFor({ accepted: 1, rejected }, rejected.length + 1);
    expect(reply.data.rejected).toHaveLength(MAX_LISTED_REJECTIONS);
    expect(reply.meta).toEqual({ rows: rejected.length + 1, rejected: rejected.length, truncated: true });
  });
});
