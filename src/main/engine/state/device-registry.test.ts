import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Device } from '../../../shared/domain';
import { DeviceRegistry } from './device-registry';
import { openStateDb, type StateDb } from './state-db';

describe('DeviceRegistry.registerSignals', () => {
  let dir: string;
  let db: StateDb;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-registry-'));
    db = openStateDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers a new device with its signals up to the cap, and keeps them across a restart', () => {
    const registry = new DeviceRegistry(db);
    const signals = Array.from({ length: 5 }, (_, k) => ({ key: `s${k}`, unit: k === 0 ? 'bar' : '' }));
    expect(registry.registerSignals('press-9', signals, 1000, 3)).toEqual({ refused: ['s3', 's4'] });
    expect(registry.get('press-9')).toMatchObject({ unconfigured: true, kind: 'unknown', name: 'press-9' });
    expect(registry.get('press-9')!.signals.map((s) => [s.key, s.unit])).toEqual([
      ['s0', 'bar'],
      ['s1', ''],
      ['s2', ''],
    ]);
    // Full: a known signal is no refusal, a new one is.
    expect(
      registry.registerSignals(
        'press-9',
        [
          { key: 's1', unit: '' },
          { key: 's9', unit: '' },
        ],
        1001,
        3,
      ),
    ).toEqual({
      refused: ['s9'],
    });

    const reloaded = new DeviceRegistry(db);
    reloaded.load([], 2000);
    expect(reloaded.get('press-9')!.signals).toHaveLength(3);
    expect(reloaded.signal('press-9', 's2')).toBeDefined();
  });

  it('adds signals seen on the wire to a configured device without touching its configuration', () => {
    const registry = new DeviceRegistry(db);
    const boiler = Device.parse({
      id: 'boiler-1',
      name: 'Boiler 1',
      location: 'Utilities',
      signals: [{ key: 'temperature', unit: 'celsius', limits: { hi: 95 } }],
    });
    registry.load([boiler], 0);
    registry.registerSignals('boiler-1', [{ key: 'pressure', unit: 'bar' }], 10, 1000);
    const device = registry.get('boiler-1')!;
    expect(device).toMatchObject({ name: 'Boiler 1', location: 'Utilities', unconfigured: false });
    expect(device.signals.map((s) => s.key)).toEqual(['temperature', 'pressure']);
    expect(registry.signal('boiler-1', 'temperature')!.limits).toEqual({ hi: 95 });
  });
});
