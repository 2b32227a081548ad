import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../../shared/errors';
import type { StationStatus } from '../../../../../shared/contract/station';
import { blockedByOf, formatSize, formatWhen, progressPercent, progressText, stateWords } from './about-format';

const base: StationStatus = {
  managed: true,
  unmanagedReason: null,
  version: '1.2.0',
  platform: 'linux',
  channel: 'stable',
  feed: 'https://updates.plant.local/watchfloor',
  autoCheck: true,
  checkIntervalMinutes: 240,
  maintenanceWindow: { start: '02:00', end: '04:00' },
  startAtLogin: false,
  state: 'idle',
  lastCheck: null,
  nextCheck: null,
  available: null,
  progress: null,
  problem: null,
  install: { consentBy: null, when: null, blockedBy: [] },
};
const release = {
  version: '1.3.0',
  releaseDate: '2026-12-01T10:00:00.000Z',
  releaseNotes: null,
  size: 98_000_000,
  source: 'feed' as const,
  stagingPercentage: 20,
};
const at = (h: number, m: number) => new Date(2026, 11, 6, h, m).getTime();

describe('the update state in words', () => {
  it('says up to date with the version and channel', () => {
    const w = stateWords({ ...base, state: 'up-to-date' });
    expect(w).toMatchObject({ title: 'Up to date', tone: 'normal' });
    expect(w.detail).toContain('1.2.0');
    expect(w.detail).toContain('stable');
  });

  it('names the rollout share a station is not in yet', () => {
    const w = stateWords({ ...base, state: 'not-in-rollout', available: release });
    expect(w.title).toBe('Not in this rollout yet (20 %)');
    expect(w.detail).toContain('1.3.0 goes to 20 % of stations');
  });

  it('asks for consent once downloaded, and says when a scheduled install goes', () => {
    expect(stateWords({ ...base, state: 'downloaded', available: release })).toMatchObject({
      title: 'Downloaded — waiting for your consent',
      tone: 'attention',
    });
    const scheduled = stateWords({
      ...base,
      state: 'scheduled',
      available: release,
      install: { consentBy: 'olga', when: 'window', blockedBy: [] },
    });
    expect(scheduled.title).toBe('Scheduled for the maintenance window');
    expect(scheduled.detail).toContain('02:00–04:00');
    expect(scheduled.detail).toContain('olga');
  });

  it('heads a refusal with its kind in plain words', () => {
    const refused = (kind: NonNullable<StationStatus['problem']>['kind']) =>
      stateWords({ ...base, state: 'refused', problem: { kind, message: 'x', at: 0 } }).title;
    expect(refused('signature')).toBe('Refused: the release was changed after it was signed');
    expect(refused('wrong-key')).toBe('Refused: signed by a key this station does not trust');
    expect(refused('checksum')).toMatch(/does not match/);
    expect(refused('downgrade')).toMatch(/older/);
    expect(stateWords({ ...base, state: 'refused', problem: { kind: 'unsigned', message: 'x', at: 0 } }).tone).toBe(
      'problem',
    );
  });

  it('says when an unreachable feed is tried again, on a 24 h clock', () => {
    const w = stateWords(
      {
        ...base,
        state: 'error',
        problem: { kind: 'unreachable', message: 'ECONNREFUSED', at: 0 },
        nextCheck: at(14, 5),
      },
      at(13, 0),
    );
    expect(w.title).toBe('The update feed cannot be reached');
    expect(w.detail).toMatch(/^Next try at 14:05:00 \S+\.$/);
  });
});

describe('sizes, progress and times', () => {
  it('shows sizes and progress as a download dialog does', () => {
    expect(formatSize(98_000_000)).toBe('98.0 MB');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(null)).toBe('size unknown');
    const p = { transferred: 24_500_000, total: 98_000_000, bytesPerSecond: 4_100_000 };
    expect(progressPercent(p)).toBe(25);
    expect(progressText(p)).toBe('24.5 MB of 98.0 MB · 4.1 MB/s');
  });

  it('uses a 24 h clock, with the date only when it is not today', () => {
    expect(formatWhen(at(21, 7), at(23, 0))).toMatch(/^21:07:00 \S+$/);
    expect(formatWhen(at(21, 7), at(23, 0) + 86_400_000)).toMatch(/21:07/);
    expect(formatWhen(at(21, 7), at(23, 0) + 86_400_000)).not.toBe('21:07');
    expect(formatWhen(null)).toBe('—');
  });
});

describe('the alarms that block an install', () => {
  it('are read from an INVALID_STATE refusal and nothing else', () => {
    const alarm = { id: 'a1', device: 'device-001', signal: 'temperature', priority: 'high', message: 'Above 85' };
    expect(blockedByOf(new EngineError('INVALID_STATE', 'blocked', { blockedBy: [alarm] }))).toEqual([alarm]);
    expect(blockedByOf(new EngineError('FORBIDDEN', 'no', { blockedBy: [alarm] }))).toEqual([]);
    expect(blockedByOf(new EngineError('INVALID_STATE', 'nothing downloaded'))).toEqual([]);
    expect(blockedByOf(new Error('x'))).toEqual([]);
  });
});
