import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../shared/domain';
import { healthProblems } from './health-problems';

const MB = 1024 * 1024;
const source = (id: string, connected: boolean, error: string | null = null): SourceHealth => ({
  id,
  kind: 'mqtt',
  url: 'mqtt://broker:1883',
  connected,
  messages: 0,
  ratePerSecond: 0,
  pending: 0,
  lagMs: 0,
  lastMessageAt: null,
  error,
});

describe('why the engine is degraded', () => {
  it('is nothing when history writes, the disk has room and every source is connected', () => {
    const history = { writable: true, error: null, since: null, freeBytes: 500 * MB };
    expect(healthProblems({ sources: [source('a', true)], history, minFreeBytes: 64 * MB })).toEqual([]);
  });

  it('puts history that cannot write first, with since when and why', () => {
    const history = {
      writable: false,
      error: 'a write of readings failed: No space left on device',
      since: Date.parse('2026-06-01T03:00:00Z'),
      freeBytes: 0,
    };
    const problems = healthProblems({
      sources: [source('plant', false, 'paused: cannot store readings')],
      history,
      minFreeBytes: 64 * MB,
    });
    expect(problems).toEqual([
      'cannot store readings since 2026-06-01T03:00:00.000Z: a write of readings failed: No space left on device; ingest is refused and resumes by itself once the data disk has room',
      'source plant is not connected: paused: cannot store readings',
    ]);
  });

  it('warns of a nearly full data disk before a write fails', () => {
    const history = { writable: true, error: null, since: null, freeBytes: 40 * MB };
    expect(healthProblems({ sources: [], history, minFreeBytes: 64 * MB })).toEqual([
      'the data disk is nearly full: 40 MB free',
    ]);
  });
});
