// Timestamps reach DuckDB as int64 written in 32-bit halves: a mistake there would store every
// reading at the wrong time, so check the words against BigInt's own conversion.
import { describe, expect, it } from 'vitest';
import { int64Words } from './reading-writer';

describe('int64Words', () => {
  it('writes whole numbers exactly as BigInt64Array would hold them', () => {
    const values = [
      0,
      1,
      -1,
      1_700_000_000_123,
      -86_400_000,
      2 ** 32,
      2 ** 32 - 1,
      -(2 ** 32),
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      4_102_444_800_000,
    ];
    const source = new Float64Array([7, ...values]);
    const words = new Int32Array(values.length * 2);
    int64Words(words, source, 1, values.length);
    expect([...new BigInt64Array(words.buffer)]).toEqual(values.map((v) => BigInt(v)));
  });
});
