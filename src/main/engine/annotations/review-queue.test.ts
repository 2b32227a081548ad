// The review queue's rule for anomalies that feedback suppressed: they raised nothing, so no one
// is asked about them (history's anomalies carry `suppressedBy` once feedback marks them).
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../shared/contract/detection';
import { reviewQueue } from './review-queue';

const NOW = Date.UTC(2026, 11, 6, 12);

function anomaly(ts: number, suppressedBy?: string | null): Anomaly {
  return {
    deviceId: 'device-003',
    signal: 'vibration',
    ts,
    detector: 'stats',
    score: 0.9,
    message: 'unusual vibration',
    kind: 'statistical',
    evidence: {},
    ...(suppressedBy !== undefined && { suppressedBy }),
  };
}

describe('reviewQueue', () => {
  it('leaves out anomalies suppressed by feedback, and asks about the rest', async () => {
    const anomalies = [anomaly(NOW - 1000, 'lbl-1'), anomaly(NOW - 2000, null), anomaly(NOW - 3000)];
    const queue = await reviewQueue(
      {
        annotations: { rangesOf: () => [], liveOf: () => [] },
        alarmStore: { history: () => [], open: () => [] },
        history: { anomaliesAcross: (f) => Promise.resolve(anomalies.filter((a) => a.ts >= f.from)) },
        clock: () => NOW,
      },
      { days: 7, limit: 10 },
    );
    expect(queue.items.map((i) => i.from)).toEqual([NOW - 2000, NOW - 3000]);
    expect(queue.total).toBe(2);
  });
});
