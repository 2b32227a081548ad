import { describe, expect, it } from 'vitest';
import { MemoryLabelIndex } from '../../../../../test/support/label-index';
import { figures, judgingRanges } from './model-evaluation';

describe('model evaluation figures', () => {
  it('divides only where there is something to divide by', () => {
    expect(figures({ positives: 0, detected: 0, falseAlarms: 0 })).toEqual({ precision: null, recall: null, f1: null });
    expect(figures({ positives: 2, detected: 0, falseAlarms: 0 })).toEqual({ precision: null, recall: 0, f1: null });
    expect(figures({ positives: 2, detected: 0, falseAlarms: 1 })).toEqual({ precision: 0, recall: 0, f1: 0 });
    const f = figures({ positives: 4, detected: 3, falseAlarms: 1 });
    expect(f.precision).toBe(0.75);
    expect(f.recall).toBe(0.75);
    expect(f.f1).toBeCloseTo(0.75, 10);
  });

  it('judges by true anomalies, false alarms and operating points on the inputs or the whole device', () => {
    const labels = new MemoryLabelIndex();
    const add = (signal: string, verdict: Parameters<MemoryLabelIndex['create']>[0]['verdict'], deviceId = 'pump-1') =>
      labels.create({ deviceId, signal, from: 0, to: 10, verdict }).id;
    const kept = [add('flow', 'true-anomaly'), add('*', 'false-alarm'), add('pressure', 'operating-point')];
    add('flow', 'maintenance');
    add('flow', 'bad-data');
    add('flow', 'unsure');
    add('vibration', 'true-anomaly');
    add('flow', 'true-anomaly', 'pump-2');
    const ranges = judgingRanges(labels, { deviceId: 'pump-1', signals: ['flow', 'pressure'] });
    expect(ranges.map((r) => r.id).sort()).toEqual([...kept].sort());
  });
});
