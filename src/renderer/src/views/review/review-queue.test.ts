// Working through the review queue: a verdict takes the row away and moves on at once, a failed
// create brings it back with the reason, undo brings back the last one, and the counter says
// what was cleared and what is left (beyond the loaded page too).
import { describe, expect, it } from 'vitest';
import type { Annotation, ReviewItem } from '../../../../shared/contract';
import {
  chartTimeFor,
  createParams,
  emptyQueue,
  labelFailed,
  labelSaved,
  labelUndone,
  moveSelection,
  queueCounts,
  startLabel,
  undoTarget,
  visibleRows,
  withItems,
  type QueueModel,
} from './review-queue';

const item = (n: number, extra: Partial<ReviewItem> = {}): ReviewItem => ({
  key: `alarm:${n}`,
  source: 'alarm',
  deviceId: 'device-001',
  signal: 'temperature',
  from: 10_000 - n * 100,
  to: 10_050 - n * 100,
  kind: 'high',
  detector: 'limits',
  message: `alarm ${n}`,
  score: 1,
  priority: 'high',
  alarmId: n,
  target: { type: 'alarm', alarmId: n },
  ...extra,
});

const annotation = (id: string): Annotation => ({
  id,
  deviceId: 'device-001',
  signal: 'temperature',
  from: 0,
  to: 1,
  verdict: 'false-alarm',
  cause: null,
  text: '',
  target: { type: 'range' },
  author: 'local',
  createdAt: 1,
  updatedAt: 1,
  updatedBy: 'local',
  revision: 1,
  deleted: false,
  corrections: 0,
});

const keys = (m: QueueModel) => visibleRows(m).map((i) => i.key);
const loaded = (n: number, total = n) =>
  withItems(
    emptyQueue(),
    Array.from({ length: n }, (_, i) => item(i + 1)),
    total,
  );

describe('review queue', () => {
  it('selects the newest row on load and counts what is left beyond the page', () => {
    const m = loaded(3, 10);
    expect(m.selected).toBe('alarm:1');
    expect(queueCounts(m)).toEqual({ cleared: 0, left: 10 });
  });

  it('a verdict hides the row at once and moves the selection to the next', () => {
    const m = startLabel(loaded(3), 'alarm:1', 'false-alarm');
    expect(keys(m)).toEqual(['alarm:2', 'alarm:3']);
    expect(m.selected).toBe('alarm:2');
    expect(queueCounts(m)).toEqual({ cleared: 0, left: 2 });
    const saved = labelSaved(m, 'alarm:1', annotation('a1'));
    expect(queueCounts(saved)).toEqual({ cleared: 1, left: 2 });
  });

  it('labelling the last row moves the selection up, and the queue can be emptied', () => {
    let m = startLabel(loaded(2), 'alarm:2', 'unsure');
    expect(m.selected).toBe('alarm:1');
    m = startLabel(m, 'alarm:1', 'unsure');
    expect(m.selected).toBeNull();
    expect(keys(m)).toEqual([]);
  });

  it('a failed create puts the row back in its place with the reason', () => {
    let m = startLabel(loaded(3), 'alarm:2', 'maintenance');
    m = labelFailed(m, 'alarm:2', 'Not connected');
    expect(keys(m)).toEqual(['alarm:1', 'alarm:2', 'alarm:3']);
    expect(m.status.get('alarm:2')).toEqual({ kind: 'failed', error: 'Not connected' });
    expect(queueCounts(m).cleared).toBe(0);
  });

  it('a failed create of the last row left selects it again', () => {
    let m = startLabel(loaded(1), 'alarm:1', 'bad-data');
    m = labelFailed(m, 'alarm:1', 'boom');
    expect(m.selected).toBe('alarm:1');
  });

  it('undo takes back the newest label and selects its row', () => {
    let m = startLabel(loaded(3), 'alarm:1', 'false-alarm');
    m = labelSaved(m, 'alarm:1', annotation('a1'));
    m = startLabel(m, 'alarm:2', 'true-anomaly');
    m = labelSaved(m, 'alarm:2', annotation('a2'));
    expect(undoTarget(m)).toEqual({ key: 'alarm:2', annotation: annotation('a2') });
    m = labelUndone(m, 'alarm:2');
    expect(keys(m)).toEqual(['alarm:2', 'alarm:3']);
    expect(m.selected).toBe('alarm:2');
    expect(queueCounts(m).cleared).toBe(1);
    expect(undoTarget(m)?.key).toBe('alarm:1');
  });

  it('nothing to undo while the only label is still being saved', () => {
    expect(undoTarget(startLabel(loaded(2), 'alarm:1', 'unsure'))).toBeNull();
  });

  it('moves with j/k within the rows on screen and stops at the ends', () => {
    let m = startLabel(loaded(4), 'alarm:2', 'unsure');
    m = moveSelection({ ...m, selected: 'alarm:1' }, 1);
    expect(m.selected).toBe('alarm:3');
    m = moveSelection(m, 5);
    expect(m.selected).toBe('alarm:4');
    m = moveSelection(m, -10);
    expect(m.selected).toBe('alarm:1');
  });

  it('a reload keeps the session count and the selection when its row is still there', () => {
    let m = startLabel(loaded(3), 'alarm:1', 'false-alarm');
    m = labelSaved(m, 'alarm:1', annotation('a1'));
    m = withItems(m, [item(2), item(3), item(4)], 3);
    expect(m.selected).toBe('alarm:2');
    expect(queueCounts(m)).toEqual({ cleared: 1, left: 3 });
    m = withItems({ ...m, selected: 'alarm:9' }, [item(3)], 1);
    expect(m.selected).toBe('alarm:3');
  });

  it('asks the engine for a label on the item’s own range and target, with the sticky cause', () => {
    const anomaly = item(1, {
      key: 'anomaly:device-001/temperature/stats/500',
      source: 'anomaly',
      from: 500,
      to: 500,
      alarmId: null,
      target: { type: 'anomaly', detector: 'stats', kind: 'statistical', ts: 500 },
    });
    expect(createParams(anomaly, 'bad-data', 'Sensor fault')).toEqual({
      deviceId: 'device-001',
      signal: 'temperature',
      from: 500,
      to: 500,
      verdict: 'bad-data',
      cause: 'Sensor fault',
      text: '',
      target: { type: 'anomaly', detector: 'stats', kind: 'statistical', ts: 500 },
    });
    expect(createParams(item(2, { signal: '' }), 'unsure', null).signal).toBe('*');
  });

  it('opens the chart on the middle of a range', () => {
    expect(chartTimeFor(1_000, 3_000)).toBe(2_000);
    expect(chartTimeFor(5_000, 5_000)).toBe(5_000);
  });
});
