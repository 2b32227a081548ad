// When a maintenance window (local clock times, an end before the start spans midnight) is open,
// and when it next opens. The update service installs a consented release only inside it.
import type { MaintenanceWindow } from '../../../shared/contract/station';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface WindowState {
  open: boolean;
  /** Epoch ms at which the current opening started (open) or the next one starts (closed). */
  opensAt: number;
}

export function windowState(window: MaintenanceWindow, now: number): WindowState {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  const at = (dayOffset: number, minutes: number): number => {
    const d = new Date(day);
    d.setDate(d.getDate() + dayOffset);
    d.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
    return d.getTime();
  };
  // The openings that could contain or follow `now`: the one that started yesterday, today's, tomorrow's.
  for (const offset of [-1, 0, 1]) {
    const opens = at(offset, start);
    const closes = at(end > start ? offset : offset + 1, end);
    if (now >= opens && now < closes) return { open: true, opensAt: opens };
    if (opens > now) return { open: false, opensAt: opens };
  }
  return { open: false, opensAt: at(2, start) };
}
