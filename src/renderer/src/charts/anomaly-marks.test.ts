import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../shared/contract/detection';
import { anomalyMarks } from './anomaly-marks';
import { pointsOf } from './history-points';

const colors = { rule: 'red', statistical: 'amber', model: 'violet', pinText: 'grey' };
const points = pointsOf({ bucketMs: 0, ts: [1000, 2000, 3000], value: [10, 20, 30], min: [], max: [], count: [] });
const anomaly = (a: Partial<Anomaly>): Anomaly =>
  ({
    deviceId: 'd',
    signal: 's',
    ts: 2000,
    detector: 'rule:limits',
    score: 1,
    kind: 'high',
    message: 'm',
    evidence: {},
    ...a,
  }) as Anomaly;

describe('anomalyMarks', () => {
  it('pins an anomaly on the value its detector saw, lettered and coloured by kind', () => {
    const [mark] = anomalyMarks([anomaly({ evidence: { value: 91 }, message: 's 91 > hi 85' })], points, colors);
    expect(mark).toEqual({
      name: 'high',
      coord: [2000, 91],
      value: 'H',
      itemStyle: { color: 'red' },
      message: 's 91 > hi 85',
      anomalyIndex: 0,
    });
  });

  it('puts a device-wide anomaly (offline) on the line at its time', () => {
    const marks = anomalyMarks([anomaly({ kind: 'offline', signal: '*', ts: 2900 })], points, colors);
    expect(marks[0]!.coord).toEqual([2900, 30]);
    expect(marks[0]!.value).toBe('O');
  });

  it('colours statistical and model anomalies apart from rules, and skips what cannot be placed', () => {
    const marks = anomalyMarks(
      [anomaly({ kind: 'statistical', evidence: { value: 5 } }), anomaly({ kind: 'model', detector: 'model@3' })],
      points,
      colors,
    );
    expect(marks.map((m) => m.itemStyle.color)).toEqual(['amber', 'violet']);
    expect(
      anomalyMarks(
        [anomaly({ kind: 'offline' })],
        pointsOf({ bucketMs: 0, ts: [], value: [], min: [], max: [], count: [] }),
        colors,
      ),
    ).toEqual([]);
  });
});
