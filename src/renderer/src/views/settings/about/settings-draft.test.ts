import { describe, expect, it } from 'vitest';
import type { StationStatus } from '../../../../../shared/contract/station';
import { draftOf, settingsChange } from './settings-draft';

const status: StationStatus = {
  managed: true,
  unmanagedReason: null,
  version: '1.2.0',
  platform: 'linux',
  channel: 'stable',
  feed: 'https://updates.plant.local/watchfloor',
  autoCheck: true,
  checkIntervalMinutes: 240,
  maintenanceWindow: null,
  startAtLogin: null,
  state: 'up-to-date',
  lastCheck: null,
  nextCheck: null,
  available: null,
  progress: null,
  problem: null,
  install: { consentBy: null, when: null, blockedBy: [] },
};

describe('the update settings an administrator saves', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsChange(status, draftOf(status))).toEqual({});
  });

  it('sends only what changed', () => {
    expect(settingsChange(status, { ...draftOf(status), channel: 'beta' })).toEqual({ channel: 'beta' });
    expect(settingsChange(status, { ...draftOf(status), windowOn: true, start: '22:00', end: ' 03:30' })).toEqual({
      maintenanceWindow: { start: '22:00', end: '03:30' },
    });
  });

  it('turns an emptied feed into the installer’s own, and a window switched off into none', () => {
    expect(settingsChange(status, { ...draftOf(status), feed: '  ' })).toEqual({ feed: null });
    const withWindow = { ...status, maintenanceWindow: { start: '02:00', end: '04:00' } };
    expect(settingsChange(withWindow, { ...draftOf(withWindow), windowOn: false })).toEqual({
      maintenanceWindow: null,
    });
  });

  it('never sends start at login where the station cannot do it', () => {
    expect(settingsChange(status, { ...draftOf(status), startAtLogin: true })).toEqual({});
    const can = { ...status, startAtLogin: false };
    expect(settingsChange(can, { ...draftOf(can), startAtLogin: true })).toEqual({ startAtLogin: true });
  });
});
