// The administrator's edit of the station's update settings, and the change it makes: only the
// fields that differ from what the station runs with are sent (station.settings), so saving one
// field never resets another that changed meanwhile elsewhere. Empty feed: the installer's own.
import type { StationSettingsChange, StationStatus, UpdateChannel } from '../../../../../shared/contract/station';

export interface Draft {
  channel: UpdateChannel;
  feed: string;
  autoCheck: boolean;
  windowOn: boolean;
  start: string;
  end: string;
  startAtLogin: boolean;
}

export function draftOf(s: StationStatus): Draft {
  return {
    channel: s.channel,
    feed: s.feed ?? '',
    autoCheck: s.autoCheck,
    windowOn: s.maintenanceWindow !== null,
    start: s.maintenanceWindow?.start ?? '02:00',
    end: s.maintenanceWindow?.end ?? '04:00',
    startAtLogin: s.startAtLogin ?? false,
  };
}

/** The change to send: only the fields that differ from what the station runs with. */
export function settingsChange(s: StationStatus, d: Draft): StationSettingsChange {
  const was = draftOf(s);
  const change: StationSettingsChange = {};
  if (d.channel !== was.channel) change.channel = d.channel;
  if (d.feed.trim() !== was.feed) change.feed = d.feed.trim() || null;
  if (d.autoCheck !== was.autoCheck) change.autoCheck = d.autoCheck;
  const window = d.windowOn ? { start: d.start.trim(), end: d.end.trim() } : null;
  const before = s.maintenanceWindow;
  if (window?.start !== before?.start || window?.end !== before?.end) change.maintenanceWindow = window;
  if (s.startAtLogin !== null && d.startAtLogin !== s.startAtLogin) change.startAtLogin = d.startAtLogin;
  return change;
}
