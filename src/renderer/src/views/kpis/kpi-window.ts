// How the KPI screen names the time its rates are over: the period chosen, or less when the
// engine has not been watching that long ("over the last 8 min (since the engine started at
// 21:02)"), and each rate's EEMUA 191 band as words (shared/alarm-rate-bands.ts).
import { BAND_LABEL, observedSpan, type RateBand } from '../../../../shared/alarm-rate-bands';
import type { AlarmKpis } from '../../../../shared/contract';
import { formatClock, formatDateTime } from '../../components/time-format';

/** "8 min", "2 h 05 min", "3 d 4 h": a window's length, to the minute. */
export function windowLength(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(min / 1440)} d ${Math.floor(min / 60) % 24} h`;
}

/** The window the rates are over, as a sentence fragment; `periodLabel` names the chosen period. */
export function describeWindow(k: AlarmKpis, periodLabel: string, now = Date.now()): string {
  const { observedFrom, observedMs } = observedSpan(k);
  if (observedFrom <= k.from) return `over the ${periodLabel.toLowerCase()}`;
  const at =
    new Date(k.observedSince).toDateString() === new Date(now).toDateString()
      ? formatClock(k.observedSince, false)
      : formatDateTime(k.observedSince, now);
  const since = k.sinceStart
    ? `since the engine started at ${at}`
    : `since the first alarm recorded in this data folder, at ${at}`;
  return `over the last ${windowLength(observedMs)} (${since})`;
}

export function bandLabel(band: RateBand): string {
  return BAND_LABEL[band];
}

/** How a band is drawn: calm for acceptable, caution for demanding, alarm for a flood. */
export function bandTone(band: RateBand): 'none' | 'ok' | 'caution' | 'alarm' {
  if (band === 'too-short') return 'none';
  if (band === 'acceptable' || band === 'manageable') return 'ok';
  if (band === 'over-demanding') return 'caution';
  return 'alarm';
}
