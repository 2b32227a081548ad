// The queue's keys: the six verdicts on 1–6 in the contract's order, j/k and the arrows move,
// Enter opens, u undoes, and everything else is left to the rest of the app.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../../shared/contract';
import { reviewKeyAction, type ReviewKeyActions } from './use-review-keys';

function run(key: string): string | null {
  const seen: string[] = [];
  const actions: ReviewKeyActions = {
    verdict: (v: Verdict) => seen.push(`verdict ${v}`),
    move: (step) => seen.push(`move ${step}`),
    open: () => seen.push('open'),
    undo: () => seen.push('undo'),
  };
  const action = reviewKeyAction(key);
  if (!action) return null;
  action(actions);
  return seen.join();
}

describe('review queue keys', () => {
  it('gives the six verdicts on 1–6', () => {
    expect(['1', '2', '3', '4', '5', '6'].map(run)).toEqual([
      'verdict true-anomaly',
      'verdict false-alarm',
      'verdict maintenance',
      'verdict bad-data',
      'verdict operating-point',
      'verdict unsure',
    ]);
  });

  it('moves, opens and undoes', () => {
    expect([run('j'), run('ArrowDown'), run('K'), run('ArrowUp'), run('Enter'), run('u')]).toEqual([
      'move 1',
      'move 1',
      'move -1',
      'move -1',
      'open',
      'undo',
    ]);
  });

  it('leaves other keys (7–9 open views) alone', () => {
    expect([run('7'), run('9'), run('a'), run('Escape')]).toEqual([null, null, null, null]);
  });
});
