// Limit rules: hi/hiHi and lo/loLo with a deadband, so a value hovering at a limit does not
// chatter. Pure and allocation-free for the detection stage's hot path (NaN means "no such
// limit"); `evaluateLimits` wraps them for callers holding a registry Signal.
import type { Signal } from '../../../shared/domain';
import type { AlarmCondition } from './condition';

/** A condition as the first alarm service took it: delays and message optional. */
export type LimitCondition = Pick<AlarmCondition, 'kind' | 'active' | 'limit' | 'priority'> &
  Partial<Pick<AlarmCondition, 'onDelayMs' | 'offDelayMs' | 'message'>>;

/**
 * How far above its high limits a value is: 2 past hiHi, 1 past hi, 0 inside. While the
 * condition is active the limits are lowered by the deadband (`slack`), so it holds until the
 * value is back inside by that much.
 */
export function highLevel(value: number, hi: number, hiHi: number, slack: number): number {
  if (value > hiHi - slack) return 2; // comparisons with NaN are false: a missing limit never trips
  if (value > hi - slack) return 1;
  return 0;
}

/** The mirror of highLevel for lo/loLo. */
export function lowLevel(value: number, lo: number, loLo: number, slack: number): number {
  if (value < loLo + slack) return 2;
  if (value < lo + slack) return 1;
  return 0;
}

export interface ActiveKinds {
  high: boolean;
  low: boolean;
}

const num = (v: number | undefined) => (v === undefined ? NaN : v);

/** One condition per direction the signal has limits for (hi/lo at high priority, hiHi/loLo critical). */
export function evaluateLimits(signal: Signal, value: number, wasActive: ActiveKinds): AlarmCondition[] {
  const { lo, hi, loLo, hiHi } = signal.limits;
  const band = signal.deadband;
  const out: AlarmCondition[] = [];
  const base = { onDelayMs: 0, offDelayMs: 0 };
  if (hi !== undefined || hiHi !== undefined) {
    const level = highLevel(value, num(hi), num(hiHi), wasActive.high ? band : 0);
    const limit = level === 2 ? hiHi! : level === 1 ? hi! : (hi ?? hiHi)!;
    const critical = level === 2 || (level === 0 && hi === undefined);
    out.push({
      ...base,
      kind: 'high',
      active: level > 0,
      limit,
      priority: critical ? 'critical' : 'high',
      message: level > 0 ? `${signal.key} ${value} > ${level === 2 ? 'hiHi' : 'hi'} ${limit}` : '',
    });
  }
  if (lo !== undefined || loLo !== undefined) {
    const level = lowLevel(value, num(lo), num(loLo), wasActive.low ? band : 0);
    const limit = level === 2 ? loLo! : level === 1 ? lo! : (lo ?? loLo)!;
    const critical = level === 2 || (level === 0 && lo === undefined);
    out.push({
      ...base,
      kind: 'low',
      active: level > 0,
      limit,
      priority: critical ? 'critical' : 'high',
      message: level > 0 ? `${signal.key} ${value} < ${level === 2 ? 'loLo' : 'lo'} ${limit}` : '',
    });
  }
  return out;
}
