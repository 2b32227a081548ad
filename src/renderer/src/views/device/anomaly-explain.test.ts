import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../../shared/contract/detection';
import { explainAnomaly, suppressionNote } from './anomaly-explain';

const base = { deviceId: 'd', signal: 's', ts: 0, detector: 'x', score: 1, message: '' };

describe('explainAnomaly', () => {
  it('names the rule and the limit', () => {
    const a: Anomaly = {
      ...base,
      kind: 'high',
      evidence: { limit: 'hiHi', limitValue: 95, value: 96.2, deadband: 1, from: 'd/*' },
    };
    expect(explainAnomaly(a)).toBe('hiHi 95 crossed at 96.2, deadband 1 (rule d/*)');
  });

  it('gives score, baseline and deviation for statistics', () => {
    const a: Anomaly = {
      ...base,
      kind: 'statistical',
      evidence: { score: 0.91, threshold: 0.5, baseline: 50.04, deviation: 24.96, seasonal: 'daily' },
    };
    expect(explainAnomaly(a)).toBe('score 0.91 (threshold 0.5), baseline 50.04, deviation 24.96, daily profile');
  });

  it('gives model, version and the signals contributing most', () => {
    const a: Anomaly = {
      ...base,
      kind: 'model',
      signal: '*',
      evidence: {
        model: 'pca-line1',
        version: 3,
        score: 14.2,
        threshold: 9,
        top: [{ signal: 'pressure' }, { signal: 'flow' }],
      },
    };
    expect(explainAnomaly(a)).toBe('model pca-line1 v3, score 14.2 over 9; most off: pressure, flow');
  });

  it("gives each signal's share of the model's statistic when the model says it", () => {
    const a: Anomaly = {
      ...base,
      kind: 'model',
      signal: '*',
      evidence: {
        model: 'press-1@v2',
        version: 2,
        score: 3.1,
        threshold: 1,
        top: [
          { signal: 'xmv10', share: 0.462 },
          { signal: 'xmeas9', share: 0.214 },
        ],
      },
    };
    expect(explainAnomaly(a)).toBe('model press-1@v2 v2, score 3.1 over 1; most off: xmv10 46 %, xmeas9 21 %');
  });
});

describe('suppressionNote', () => {
  it('names the false-alarm label a suppressed anomaly looked like, and says no alarm was raised', () => {
    expect(suppressionNote({ suppressedBy: 'a-17' })).toBe(
      'Suppressed by feedback: looks like false alarm a-17; no alarm raised',
    );
    expect(suppressionNote({ suppressedBy: null })).toBeNull();
    expect(suppressionNote({})).toBeNull();
  });
});
