// Corrections through the real engine and contract: a bad-data label made with annotations.create
// takes its readings out of history.query's rollups and history.stats (raw still returns them),
// and annotations.delete puts them back.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import type { Reading } from '../../src/shared/domain';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const H = 3_600_000;
const SERIES = 'device-002/pressure';

describe('bad data over the contract', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;
  // Two hours ending a little before now: well inside raw retention.
  const t0 = Math.floor((Date.now() - 3 * H) / H) * H;
  const spikeFrom = t0 + H + 10 * MIN;
  const spikeTo = spikeFrom + 2 * MIN - 1;

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(join(dir.path, 'data'), { simulator: { enabled: false } });
    client = contractClient(engine);
    const readings: Reading[] = [];
    for (let ts = t0; ts < t0 + 2 * H; ts += 5000) {
      const spike = ts >= spikeFrom && ts <= spikeTo;
      readings.push({
        deviceId: 'device-002',
        signal: 'pressure',
        ts,
        value: spike ? 999 : 30 + (ts % 7),
        quality: 'good',
      });
    }
    await engine.services.history.append(readings);
    await engine.services.history.compactNow();
  });

  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  const hourlyMax = async () => {
    const [p] = await client.request('history.query', {
      series: [SERIES],
      from: t0,
      to: t0 + 2 * H,
      maxPoints: 100,
      tier: '1h',
    });
    return Math.max(...p!.max);
  };
  const minuteMax = async () => {
    const [p] = await client.request('history.query', {
      series: [SERIES],
      from: t0,
      to: t0 + 2 * H,
      maxPoints: 1000,
      tier: '1m',
    });
    return Math.max(...p!.max);
  };

  it('annotations.create bad-data takes the readings out of rollups and statistics; delete puts them back', async () => {
    expect(await hourlyMax()).toBe(999);
    const label = await client.request('annotations.create', {
      deviceId: 'device-002',
      signal: 'pressure',
      from: spikeFrom,
      to: spikeTo,
      verdict: 'bad-data',
      cause: 'Sensor fault',
    });
    await waitFor(async () => (await hourlyMax()) < 100, { what: 'hourly rollups without the spike' });
    expect(await minuteMax()).toBeLessThan(100);
    const stats = await client.request('history.stats', { series: SERIES, from: t0, to: t0 + 2 * H });
    expect(stats.max).toBeLessThan(100);
    expect(stats.count).toBe((2 * H) / 5000 - (2 * MIN) / 5000);
    const [raw] = await client.request('history.query', {
      series: [SERIES],
      from: spikeFrom,
      to: spikeTo,
      maxPoints: 1000,
      tier: 'raw',
    });
    expect(raw!.value.every((v) => v === 999)).toBe(true);
    expect(raw!.value).toHaveLength((2 * MIN) / 5000);

    await client.request('annotations.delete', { id: label.id, revision: label.revision });
    await waitFor(async () => (await hourlyMax()) === 999, { what: 'the spike back in the hourly rollups' });
    expect(await minuteMax()).toBe(999);
  });
});
