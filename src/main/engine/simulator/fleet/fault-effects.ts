// How a fault turns the healthy value of one signal at one tick into what is published. Pure
// apart from the stuck value, which is fixed on the fault at its first tick, and the noise
// burst's draws, which come from the device's own effects stream.
import type { Fault } from './fault';
import { gaussian, type Random } from './random-streams';
import { round2 } from './signal-baseline';

/** The value to publish (before rounding), or undefined when the signal stays silent. */
export function applyFault(fault: Fault | undefined, clean: number, t: number, random: Random): number | undefined {
  if (!fault) return clean;
  switch (fault.kind) {
    case 'spike':
      return clean + fault.offset;
    case 'drift':
      return clean + (fault.ratePerMinute * (t - fault.start)) / 60_000;
    case 'stuck':
      fault.value ??= round2(clean);
      return fault.value;
    case 'noise':
      return clean + fault.sigma * gaussian(random);
    case 'dropout':
    case 'offline':
      return undefined;
  }
}

export function affects(fault: Fault, signal: string): boolean {
  return fault.signal === null || fault.signal === signal;
}
