// Limit rules from the device registry: hi/hiHi and lo/loLo with a deadband, so a value
// hovering at a limit does not chatter. Pure: the caller says whether the condition was active.
import type { AlarmKind, Priority, Signal } from '../../../shared/domain';

export interface LimitCondition {
  kind: AlarmKind;
  active: boolean;
  /** The limit crossed (or, when inactive, the one watched). */
  limit: number;
  priority: Priority;
}

export interface ActiveKinds {
  high: boolean;
  low: boolean;
}

/** One condition per direction the signal has limits for. */
export function evaluateLimits(signal: Signal, value: number, wasActive: ActiveKinds): LimitCondition[] {
  const { lo, hi, loLo, hiHi } = signal.limits;
  const band = signal.deadband;
  const out: LimitCondition[] = [];

  if (hi !== undefined || hiHi !== undefined) {
    const slack = wasActive.high ? band : 0;
    if (hiHi !== undefined && value > hiHi - slack) {
      out.push({ kind: 'high', active: true, limit: hiHi, priority: 'critical' });
    } else if (hi !== undefined && value > hi - slack) {
      out.push({ kind: 'high', active: true, limit: hi, priority: 'high' });
    } else {
      out.push({ kind: 'high', active: false, limit: (hi ?? hiHi)!, priority: hi !== undefined ? 'high' : 'critical' });
    }
  }

  if (lo !== undefined || loLo !== undefined) {
    const slack = wasActive.low ? band : 0;
    if (loLo !== undefined && value < loLo + slack) {
      out.push({ kind: 'low', active: true, limit: loLo, priority: 'critical' });
    } else if (lo !== undefined && value < lo + slack) {
      out.push({ kind: 'low', active: true, limit: lo, priority: 'high' });
    } else {
      out.push({ kind: 'low', active: false, limit: (lo ?? loLo)!, priority: lo !== undefined ? 'high' : 'critical' });
    }
  }
  return out;
}
