// Labels on a chart: the right ones (this signal's and the whole device's, not deleted), each a
// range with its verdict at the top, bad data greyed exactly where it is, corrected values apart.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/contract/annotations';
import {
  alarmMarkLine,
  badDataRanges,
  correctedData,
  greyedData,
  labelMarkArea,
  labelsOnChart,
  labelTooltip,
  type LabelColors,
} from './label-marks';

const colors: LabelColors = {
  verdict: {
    'true-anomaly': 'red',
    'false-alarm': 'blue',
    maintenance: 'grey',
    'bad-data': 'hatch',
    'operating-point': 'amber',
    unsure: 'violet',
  },
  text: 'white',
  greyed: 'grey',
  corrected: 'sky',
  alarm: 'red',
  pending: 'sky',
  pendingLine: 'blue',
};

function label(over: Partial<Annotation>): Annotation {
  return {
    id: 'a1',
    deviceId: 'device-001',
    signal: 'temperature',
    from: 1000,
    to: 2000,
    verdict: 'true-anomaly',
    cause: null,
    text: '',
    target: { type: 'range' },
    author: 'local',
    createdAt: 0,
    updatedAt: 0,
    updatedBy: 'local',
    revision: 1,
    deleted: false,
    corrections: 0,
    ...over,
  };
}

describe('labels on a chart', () => {
  it("shows the signal's own labels and the device's whole-device ones, not others or deleted ones", () => {
    const all = [
      label({ id: 'own', from: 5000 }),
      label({ id: 'device', signal: '*', from: 100 }),
      label({ id: 'other-signal', signal: 'pressure' }),
      label({ id: 'other-device', deviceId: 'device-002' }),
      label({ id: 'deleted', deleted: true }),
    ];
    expect(labelsOnChart(all, 'device-001', 'temperature').map((a) => a.id)).toEqual(['device', 'own']);
  });

  it('shades each label by verdict with verdict and cause at its top edge', () => {
    const area = labelMarkArea(
      [
        label({ verdict: 'bad-data', cause: 'Sensor fault' }),
        label({ id: 'a2', verdict: 'maintenance', from: 3000, to: 3000 }),
      ],
      colors,
      600,
    );
    const [bad, maintenance] = area.data;
    expect(bad![0]).toMatchObject({ labelId: 'a1', xAxis: 1000, itemStyle: { color: 'hatch' } });
    expect(bad![0]!.label?.formatter).toBe('Bad data · Sensor fault');
    expect(bad![1]).toEqual({ xAxis: 2000 });
    // An instant (a label made on an anomaly) is widened to stay visible and clickable.
    expect(maintenance![0]!.xAxis).toBe(2700);
    expect(maintenance![1]).toEqual({ xAxis: 3300 });
    expect(area.tooltip.formatter({ data: { labelId: 'a2' } })).toContain('Maintenance / planned');
  });

  it('fits each title to its range at the zoom in view, and drops it where there is no room', () => {
    const labels = [label({ from: 0, to: 10_000 }), label({ id: 'a2', from: 20_000, to: 20_500 })];
    const [wide, narrow] = labelMarkArea(labels, colors, 0, 0.01).data;
    expect(wide![0]!.label).toMatchObject({ show: true, width: 94, overflow: 'truncate' });
    expect(narrow![0]!.label?.show).toBe(false);
  });

  it('says who labelled, and escapes what they typed', () => {
    const text = labelTooltip(label({ author: 'local', text: '<b>valve</b> stuck', signal: '*' }));
    expect(text).toContain('whole device · by local');
    expect(text).toContain('&#60;b&#62;valve');
  });

  it('greys the points inside bad-data ranges and breaks the grey line between them', () => {
    const line = [
      [0, 1],
      [1000, 2],
      [1500, 3],
      [2500, 4],
      [3000, null],
      [3100, 5],
    ];
    const ranges = badDataRanges([label({ verdict: 'bad-data' }), label({ verdict: 'unsure', from: 0, to: 9999 })]);
    expect(ranges).toEqual([{ from: 1000, to: 2000 }]);
    expect(greyedData(line, ranges)).toEqual([
      [1000, 2],
      [1500, 3],
      [2500, null],
    ]);
    expect(greyedData(line, [])).toEqual([]);
  });

  it('draws corrected values of the series only, broken between labels', () => {
    const data = correctedData(
      [
        { series: 'd/s', annotationId: 'a', ts: [10, 20], value: [1, 2] },
        { series: 'd/other', annotationId: 'b', ts: [15], value: [9] },
        { series: 'd/s', annotationId: 'c', ts: [50], value: [5] },
      ],
      'd/s',
    );
    expect(data).toEqual([
      [10, 1],
      [20, 2],
      [49, null],
      [50, 5],
    ]);
  });
});

describe('alarm marks', () => {
  it('marks an alarm "alarm" and a prediction "prediction", never as an alarm', () => {
    const line = alarmMarkLine(
      [
        { alarmId: 1, from: 10, to: 20, title: 'high high alarm' },
        { alarmId: 2, from: 30, to: 40, title: 'prediction: pressure heading for hi 55', prediction: true },
      ],
      colors,
    );
    expect(line.label.formatter).toBe('alarm');
    expect(line.data[0]).not.toHaveProperty('label');
    expect(line.data[1]).toMatchObject({ label: { formatter: 'prediction' }, lineStyle: { type: 'dashed' } });
  });
});
