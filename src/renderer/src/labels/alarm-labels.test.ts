// The labels an alarm's details list: the ones naming it, and the ones covering its time on its
// signal or its whole device — not another signal's, not another device's, not deleted ones.
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../shared/contract/annotations';
import type { Alarm } from '../../../shared/domain';
import { alarmEnd, labelsOfAlarm } from './alarm-labels';

const alarm = { id: 7, deviceId: 'd1', signal: 'temp', raisedAt: 1000, returnedAt: 2000, closedAt: null } as Alarm;

const label = (id: string, over: Partial<Annotation>) =>
  ({
    id,
    deviceId: 'd1',
    signal: 'temp',
    from: 1500,
    to: 1600,
    verdict: 'unsure',
    cause: null,
    text: '',
    target: { type: 'range' },
    deleted: false,
    ...over,
  }) as Annotation;

describe('labels of an alarm', () => {
  it('lists the labels naming it or covering its time on its signal or device, newest first', () => {
    const labels = [
      label('covers', {}),
      label('device-wide', { signal: '*', from: 1900, to: 5000 }),
      label('names-it', { from: 9000, to: 9000, target: { type: 'alarm', alarmId: 7 } }),
      label('before', { from: 0, to: 999 }),
      label('other-signal', { signal: 'pressure' }),
      label('other-device', { deviceId: 'd2' }),
      label('deleted', { deleted: true }),
    ];
    expect(labelsOfAlarm(labels, alarm, alarmEnd(alarm)).map((a) => a.id)).toEqual([
      'names-it',
      'device-wide',
      'covers',
    ]);
  });

  it('ends an active alarm now, a returned one at its return', () => {
    expect(alarmEnd({ returnedAt: null, closedAt: null }, 42)).toBe(42);
    expect(alarmEnd(alarm, 42)).toBe(2000);
  });
});
