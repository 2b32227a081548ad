// The KPI window as the screen words it: the observed time when it is shorter than the period.
import { describe, expect, it } from 'vitest';
import type { AlarmKpis } from '../../../../shared/contract';
import { describeWindow, windowLength } from './kpi-window';

const MIN = 60_000;
const NOW = new Date(2026, 11, 6, 21, 10).getTime();
const base = (over: Partial<AlarmKpis>): AlarmKpis => ({
  from: NOW - 24 * 60 * MIN,
  to: NOW,
  observedSince: NOW - 8 * MIN,
  sinceStart: true,
  areas: [],
  buckets: [],
  top: [],
  chattering: [],
  standing: [],
  ...over,
});

describe('the KPI window', () => {
  it('says eight minutes since the engine started, not 24 hours', () => {
    expect(describeWindow(base({}), 'Last 24 hours', NOW)).toBe(
      'over the last 8 min (since the engine started at 21:02)',
    );
  });

  it('names the first alarm of the data folder when observation began there', () => {
    const k = base({
      sinceStart: false,
      observedSince: NOW - 90 * MIN,
    });
    expect(describeWindow(k, 'Last 24 hours', NOW)).toBe(
      'over the last 1 h 30 min (since the first alarm recorded in this data folder, at 19:40)',
    );
  });

  it('names the chosen period when the engine has watched all of it', () => {
    const k = base({
      observedSince: NOW - 48 * 60 * MIN,
    });
    expect(describeWindow(k, 'Last 24 hours', NOW)).toBe('over the last 24 hours');
  });

  it('words lengths to the minute', () => {
    expect(windowLength(8 * MIN + 59_000)).toBe('8 min');
    expect(windowLength(125 * MIN)).toBe('2 h 05 min');
    expect(windowLength(3 * 1440 * MIN + 4 * 60 * MIN)).toBe('3 d 4 h');
  });
});
