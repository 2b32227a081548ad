import { describe, expect, it } from 'vitest';
import { deviceDeviceId, nodeDeviceId, signalKey } from './sparkplug-names';

const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

describe('Sparkplug names', () => {
  it('maps nodes and devices to Watchfloor device ids', () => {
    expect(nodeDeviceId('plant', 'edge-7')).toBe('plant.edge-7');
    expect(deviceDeviceId('plant', 'edge-7', 'pump:3')).toBe('plant.edge-7.pump:3');
  });

  it('replaces characters a device id cannot hold', () => {
    expect(deviceDeviceId('Plant 1', 'edge/ä', 'Pump #3')).toBe('Plant_1.edge__.Pump__3');
  });

  it('keeps over-long ids valid and distinct', () => {
    const long = 'x'.repeat(200);
    const a = deviceDeviceId('g', 'e', `${long}a`);
    const b = deviceDeviceId('g', 'e', `${long}b`);
    expect(a).toMatch(DEVICE_ID);
    expect(b).toMatch(DEVICE_ID);
    expect(a).not.toBe(b);
  });

  it('keeps metric names with folders and spaces as signal keys', () => {
    expect(signalKey('Motor 1/Speed')).toBe('Motor 1/Speed');
    expect(signalKey('Temp (°C)')).toBe('Temp __C_');
    expect(signalKey('')).toBeUndefined();
  });
});
