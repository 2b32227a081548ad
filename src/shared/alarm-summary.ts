// What a window tells the desktop shell about the alarm queue it shows, for the tray icon's count
// (window.watchfloor.station.reportAlarms, src/shared/preload-api.ts). Counts only: the shell
// needs no alarm's details, and a page cannot make it show text of its choosing. The shell
// checks every report with this schema; the preload only forwards it (zod stays out of it).
import { z } from 'zod';

const Count = z.number().int().min(0).max(1_000_000);

export const AlarmSummary = z
  .object({
    /** Alarms waiting for an operator's acknowledgement (active or returned to normal). */
    unacknowledged: Count,
    /** Alarms whose condition is active, acknowledged or not. */
    active: Count,
  })
  .strict();
export type AlarmSummary = z.infer<typeof AlarmSummary>;
