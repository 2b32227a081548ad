// The nesting check refuses what nests deeper than the limit and nothing else, whether it takes
// the short way (few brackets in all) or the character scan (many).
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestsDeeperThan', () => {
  it('refuses one level past the limit and takes the limit itself', () => {
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(`{"a":${nested(33)}}`, 32)).toBe(true);
  });

  it('takes a wide batch of shallow readings, however many brackets it has', () => {
    const batch = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ deviceId: `d-${i}`, values: [1, 2] })));
    expect(nestsDeeperThan(batch, 32)).toBe(false);
  });

  it('does not count brackets inside strings as nesting', () => {
    expect(nestsDeeperThan(JSON.stringify({ note: '['.repeat(100), quoted: '\\"{{{{' }), 32)).toBe(false);
  });
});
