// A failed review call is explained by code: an outdated page is not an engine that is down.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/errors';
import { describeReviewError } from './review-error';

describe('review errors', () => {
  it('say the page is out of date, with no word of the engine not answering, when its code for labels is gone', () => {
    const outdated = new EngineError('UNAVAILABLE', 'the page is out of date: reload it', {
      outdated: true,
      group: 'annotations',
    });
    for (const action of ['load', 'label', 'causes'] as const) {
      const text = describeReviewError(outdated, action);
      expect(text, action).toMatch(/out of date: reload it/);
      expect(text, action).not.toMatch(/not answering|not connected/i);
    }
  });

  it('still say the engine is not answering when it is not', () => {
    expect(describeReviewError(new EngineError('UNAVAILABLE', 'not connected to the engine'), 'load')).toMatch(
      /not answering/,
    );
  });
});
