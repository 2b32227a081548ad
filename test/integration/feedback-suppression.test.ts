// Issue 13's figure on a smaller run than the benchmark (test/bench/feedback.bench.ts): a
// daily benign spike that the statistics flag, labelled false alarm three times, stops raising
// alarms — its later occurrences are stored as suppressed by those labels — while every real
// fault on the same signal still alarms, as it does in a control run without labels.
import { afterEach, describe, expect, it } from 'vitest';
import { runFeedbackScenario } from '../support/feedback-scenario';
import { tempDirs } from '../support/temp-dir';

const dirs = tempDirs('watchfloor-feedback-');
afterEach(() => dirs.removeAll());

describe('false alarms feed back', () => {
  it('suppresses the later look-alikes of a labelled daily false alarm, and every real fault still alarms', async () => {
    const options = { seed: 2, phase1Days: 5, phase2Days: 6 };
    const labelled = await runFeedbackScenario({ ...options, dataDir: dirs.make(), label: true });
    const control = await runFeedbackScenario({ ...options, dataDir: dirs.make(), label: false });

    const after = (r: typeof labelled) => r.benign.filter((b) => b.phase === 2);
    const alarms = (list: { alarms: number }[]) => list.reduce((n, b) => n + b.alarms, 0);
    // Without labels the benign spike keeps raising alarms after the first days…
    expect(alarms(after(control))).toBeGreaterThan(0);
    // …with them, ≥ 90 % fewer (here none): each one is stored, suppressed.
    expect(alarms(after(labelled))).toBeLessThanOrEqual(alarms(after(control)) * 0.1);
    const suppressed = after(labelled).filter((b) => b.suppressed > 0);
    expect(suppressed.length).toBeGreaterThan(0);
    expect(labelled.labels).toHaveLength(3);
    expect(labelled.suppressedTotal).toBe(after(labelled).reduce((n, b) => n + b.suppressed, 0));

    // Every fault the detector catches without labels it still catches with them, and in phase 2 that is all four shapes.
    expect(labelled.faults.map((f) => f.alarmed)).toEqual(control.faults.map((f) => f.alarmed));
    const phase2 = labelled.faults.filter((f) => f.phase === 2);
    expect(phase2.map((f) => f.shape).sort()).toEqual(
      ['benign-sized spike at another hour', 'large spike', 'level shift down', 'slow excursion up'].sort(),
    );
    expect(phase2.every((f) => f.alarmed && f.suppressed === 0)).toBe(true);
  }, 180_000);
});
