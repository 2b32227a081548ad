// The Import view asks before creating a device: only for a one-device mapping whose id is not
// registered, and it says which signals the new device would get.
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../shared/contract';
import { newDeviceOf, newDeviceSignals } from './new-device';

const registered = [{ id: 'device-001' }, { id: 'press-7' }];

describe('a new device in an import', () => {
  it('is the one device id of the mapping when it is not registered', () => {
    expect(newDeviceOf({ deviceId: 'kiln-9', timestamp: 't' }, registered)).toBe('kiln-9');
    expect(newDeviceOf({ deviceId: 'press-7', timestamp: 't' }, registered)).toBeNull();
    // Ids are exact: another case is another device.
    expect(newDeviceOf({ deviceId: 'PRESS-7' }, registered)).toBe('PRESS-7');
  });

  it('is none while no device is given, or when a column names the devices', () => {
    expect(newDeviceOf({ timestamp: 't' }, registered)).toBeNull();
    expect(newDeviceOf({ deviceId: '' }, registered)).toBeNull();
    expect(newDeviceOf({ deviceColumn: 'machine' }, registered)).toBeNull();
  });

  it("gets the wide file's imported signal columns, or the signals the first rows name", () => {
    const preview = {
      signals: [
        { column: 'Temp (°C)', signal: 'Temp', unit: '°C' },
        { column: 'shift', signal: 'shift', unit: '' },
      ],
      rows: [{ readings: [{ signal: 'speed' }, { signal: 'torque' }] }, { readings: [{ signal: 'speed' }] }],
    } as unknown as ImportPreview;
    expect(newDeviceSignals(preview, { wide: true, exclude: ['shift'] })).toEqual(['Temp']);
    expect(newDeviceSignals(preview, { signalColumn: 'signal' })).toEqual(['speed', 'torque']);
  });
});
