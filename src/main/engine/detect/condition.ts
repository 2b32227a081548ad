// What detection tells the alarm service about one condition of one series (or one device, for
// offline): whether it holds, against which limit, how urgent, how long it must hold before an
// alarm is raised or returned, and one sentence saying why. The detection stage reuses a single
// object for every call; the alarm service copies what it keeps.
import type { AlarmKind, Priority } from '../../../shared/domain';

export interface AlarmCondition {
  kind: AlarmKind;
  active: boolean;
  /** The limit crossed (or, when inactive, the one watched); NaN when the detector has none. */
  limit: number;
  priority: Priority;
  /** The condition must hold this long before the alarm is raised. */
  onDelayMs: number;
  /** The condition must stay clear this long before the alarm returns to normal. */
  offDelayMs: number;
  /** Short explanation, e.g. "temperature 91.2 > hi 85". */
  message: string;
}

/** What the detection stage needs of the alarm service. */
export interface AlarmSink {
  apply(deviceId: string, signal: string, cond: AlarmCondition, value: number, ts: number): void;
  /** Whether the alarm with this dedupe key is open with its condition active (read once per series at first sight). */
  isConditionActive(key: string): boolean;
}

/** Device-wide conditions (offline) use this in place of a signal. */
export const DEVICE_WIDE = '*';
