// Independent random streams derived from one seed. Each device gets its own streams (values,
// fault schedule, fault effects), so a device behaves the same whatever the size of the fleet,
// and a run with faults draws exactly the same clean values as the same run without them.
import { createRandom } from '../random';

export type Random = () => number;

export const STREAM = { values: 1, schedule: 2, effects: 3, baseline: 4 } as const;

/** A well-mixed 32-bit seed for one stream: murmur3's finaliser over the seed and the parts. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function deviceStream(seed: number, device: number, stream: number): Random {
  return createRandom(deriveSeed(seed, device, stream));
}

/** Standard normal deviate (Box–Muller); 1 − u keeps the logarithm finite. */
export function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function between(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}
