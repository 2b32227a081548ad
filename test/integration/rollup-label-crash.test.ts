// Rollups and bad-data labels stay consistent across a crash, with a real engine on real files:
// the label is stored in state.db but the engine stops before history rebuilds the rollups (a
// test hook swallows the rebuild, as kill -9 would); the next start finds the rollups out of step
// with the labels (history's rollup_labels record, rollup-labels.ts), rebuilds them and says so.
// Also from a history written before that record existed (the table dropped): every live
// bad-data label is rebuilt once at start.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { mergeConfig, parseConfig } from '../../src/main/engine/config/load-config';
import type { Reading } from '../../src/shared/domain';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const H = 3_600_000;
const DEVICE = 'device-002';
const SERIES = `${DEVICE}/pressure`;

describe('rollups and bad-data labels across a crash', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine | undefined;
  let logged: string[];
  // Two hours ending a little before now: well inside raw retention.
  const t0 = Math.floor((Date.now() - 3 * H) / H) * H;
  const spikeFrom = t0 + H + 10 * MIN;
  const spikeTo = spikeFrom + 2 * MIN - 1;

  async function start(): Promise<Engine> {
    logged = [];
    const config = parseConfig(
      mergeConfig(
        { dataDir: join(dir.path, 'data'), broker: { port: 0 }, server: { port: 0 } },
        { simulator: { enabled: false } },
      ),
    );
    engine = new Engine(config, { log: (m) => logged.push(m), version: 'test' });
    await engine.start();
    return engine;
  }

  /** The label reaches state.db, but history never hears of it: the engine "dies" before the rebuild. */
  function dieBeforeRebuilds(e: Engine) {
    vi.spyOn(e.services.history.labels, 'applyChange').mockReturnValue(new Promise(() => {}));
  }

  async function restart(): Promise<Engine> {
    await engine!.stop();
    engine = undefined;
    const e = await start();
    await e.services.history.labels.reconciled;
    return e;
  }

  const hourlyMax = async (e: Engine) => {
    const [p] = await contractClient(e).request('history.query', {
      series: [SERIES],
      from: t0,
      to: t0 + 2 * H,
      maxPoints: 100,
      tier: '1h',
    });
    return Math.max(...p!.max);
  };
  const minuteMax = async (e: Engine) => {
    const [p] = await contractClient(e).request('history.query', {
      series: [SERIES],
      from: t0,
      to: t0 + 2 * H,
      maxPoints: 1000,
      tier: '1m',
    });
    return Math.max(...p!.max);
  };

  const createLabel = (e: Engine) =>
    contractClient(e).request('annotations.create', {
      deviceId: DEVICE,
      signal: 'pressure',
      from: spikeFrom,
      to: spikeTo,
      verdict: 'bad-data',
      cause: 'Sensor fault',
    });

  beforeEach(async () => {
    dir = makeTempDir();
    const e = await start();
    const readings: Reading[] = [];
    for (let ts = t0; ts < t0 + 2 * H; ts += 5000) {
      const spike = ts >= spikeFrom && ts <= spikeTo;
      readings.push({ deviceId: DEVICE, signal: 'pressure', ts, value: spike ? 999 : 30 + (ts % 7), quality: 'good' });
    }
    await e.services.history.append(readings);
    await e.services.history.compactNow();
    expect(await hourlyMax(e)).toBe(999);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await engine?.stop();
    engine = undefined;
    dir?.remove();
  });

  it('a label stored but never rebuilt is taken out of the rollups at the next start', async () => {
    dieBeforeRebuilds(engine!);
    const label = await createLabel(engine!);
    await new Promise((r) => setTimeout(r, 300));
    expect(await hourlyMax(engine!)).toBe(999); // the crash window: the label is stored, rollups still count it

    const e = await restart();
    expect(await hourlyMax(e)).toBeLessThan(100);
    expect(await minuteMax(e)).toBeLessThan(100);
    expect(
      logged.some((m) => m.includes(`out of step with bad-data label ${label.id}`) && m.includes('it is pressure')),
    ).toBe(true);

    // In step now: a further start rebuilds nothing.
    const again = await restart();
    expect(await again.services.history.labels.reconciled).toEqual([]);
    expect(await hourlyMax(again)).toBeLessThan(100);
  });

  it('a label deleted but never rebuilt gives its readings back to the rollups at the next start', async () => {
    const label = await createLabel(engine!);
    await waitFor(async () => (await hourlyMax(engine!)) < 100, { what: 'rollups without the spike' });
    dieBeforeRebuilds(engine!);
    await contractClient(engine!).request('annotations.delete', { id: label.id, revision: label.revision });
    await new Promise((r) => setTimeout(r, 300));
    expect(await hourlyMax(engine!)).toBeLessThan(100); // still excluding a deleted label's readings

    const e = await restart();
    expect(await hourlyMax(e)).toBe(999);
    expect(await minuteMax(e)).toBe(999);
    expect(
      logged.some((m) => m.includes(`out of step with bad-data label ${label.id}`) && m.includes('it is gone')),
    ).toBe(true);
  });

  it('a label moved but never rebuilt: the old range comes back and the new one goes', async () => {
    const label = await createLabel(engine!);
    await waitFor(async () => (await hourlyMax(engine!)) < 100, { what: 'rollups without the spike' });
    dieBeforeRebuilds(engine!);
    // Moved to the first hour, where there is no spike.
    await contractClient(engine!).request('annotations.update', {
      id: label.id,
      revision: label.revision,
      from: t0,
      to: t0 + 10 * MIN - 1,
    });
    const e = await restart();
    expect(await hourlyMax(e)).toBe(999);
    const [p] = await contractClient(e).request('history.query', {
      series: [SERIES],
      from: t0,
      to: t0 + H - 1,
      maxPoints: 1000,
      tier: '1m',
    });
    expect(p!.ts[0]).toBe(t0 + 10 * MIN); // the first ten minutes are out of the rollups now
  });

  it('an older history without the record rebuilds every live bad-data label once', async () => {
    dieBeforeRebuilds(engine!);
    const label = await createLabel(engine!);
    await engine!.stop();
    engine = undefined;
    // As written by a Watchfloor before the record existed.
    const db = await DuckDBInstance.create(join(dir.path, 'data', 'history.duckdb'));
    const c = await db.connect();
    await c.run('DROP TABLE rollup_labels');
    c.closeSync();
    db.closeSync();

    const e = await start();
    const done = await e.services.history.labels.reconciled;
    expect(done.map((r) => r.labelId)).toEqual([label.id]);
    expect(await hourlyMax(e)).toBeLessThan(100);
  });
});
