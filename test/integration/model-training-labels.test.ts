// Training reads expert labels: a stretch of history labelled a true anomaly (on one signal of
// the device) is left out of a model's training, so the model still flags that pattern when it
// comes back live; the same history without the label is learnt as normal.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { createRandom } from '../../src/main/engine/simulator/random';
import { contractClient } from '../support/contract-client';
import { startEngine } from '../support/test-engine';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const DEVICE = 'pump-1';
const SIGNALS = ['flow', 'pressure', 'temperature', 'vibration'];

/** Readings of a pump at 1 s steps: pressure follows flow, or (broken) runs against it. */
function pump(from: number, n: number, seed: number, broken = false) {
  const rnd = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out: { deviceId: string; signal: string; ts: number; value: number; quality: 'good'; unit: string }[] = [];
  for (let i = 0; i < n; i++) {
    const ts = from + i * 1000;
    const flow = 50 + 20 * Math.sin(i / 40) + gauss();
    const pressure = broken ? 10 + 0.5 * (100 - flow) : 10 + 0.5 * flow + 0.4 * gauss();
    const values = [flow, pressure, 60 - 0.3 * flow + 0.3 * gauss(), 5 + gauss()];
    values.forEach((value, j) =>
      out.push({ deviceId: DEVICE, signal: SIGNALS[j]!, ts, value, quality: 'good', unit: '' }),
    );
  }
  return out;
}

describe('model training and expert labels', () => {
  const dir = makeTempDir();
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;
  const now = Date.now();
  const trainFrom = now - 3_600_000;
  const brokenFrom = trainFrom + 1400 * 1000;

  beforeAll(async () => {
    engine = await startEngine(join(dir.path, 'data'), {
      simulator: { enabled: false },
      broker: { embedded: false },
      // 23 minutes of clean history once the labelled stretch is left out: the point is the labels,
      // not the minimum span (a day by default).
      models: { minTrainingSpan: '20min' },
      devices: [
        {
          id: DEVICE,
          name: 'Pump 1',
          signals: SIGNALS.map((key) => ({ key, intervalMs: 1000, limits: { hi: 1000 } })),
        },
      ],
    });
    client = contractClient(engine);
    // 1400 s of a healthy pump, then 600 s with pressure running against flow: stored as backfill.
    await engine.services.pipeline.submitDecoded(
      'test',
      'fixture',
      { readings: [...pump(trainFrom, 1400, 1), ...pump(brokenFrom, 600, 2, true)], rejects: [] },
      { backfill: true },
    );
  });

  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  async function train(): Promise<{ id: string; vectors: number }> {
    const job = await client.request('models.train', { deviceId: DEVICE, from: trainFrom, to: now });
    const done = await waitFor(
      async () => {
        const j = await client.request('jobs.get', { id: job.id });
        return j.state !== 'running' ? j : null;
      },
      { what: 'training job' },
    );
    expect(done).toMatchObject({ state: 'done', error: null });
    const { models } = await client.request('models.list', { deviceId: DEVICE });
    const m = models.filter((x) => x.source === 'trained').sort((a, b) => b.version - a.version)[0]!;
    return { id: m.id, vectors: m.metrics.vectors ?? 0 };
  }

  it('leaves a labelled true anomaly out of training, and the model flags it when it returns', async () => {
    const label = await client.request('annotations.create', {
      deviceId: DEVICE,
      signal: 'pressure',
      from: brokenFrom,
      to: brokenFrom + 599_000,
      verdict: 'true-anomaly',
      text: 'pressure transmitter reversed',
    });
    const clean = await train();
    expect(clean.vectors).toBeGreaterThan(1300);
    expect(clean.vectors).toBeLessThanOrEqual(1400);

    // The same history without the label: the broken stretch is learnt too.
    await client.request('annotations.delete', { id: label.id, revision: 1 });
    const tainted = await train();
    expect(tainted.vectors).toBeGreaterThan(clean.vectors + 500);

    await client.request('models.activate', { id: clean.id });
    await engine.services.models.idle();
    const liveFrom = now + 1000;
    await engine.services.pipeline.submitDecoded('test', 'live', {
      readings: pump(liveFrom, 60, 6, true),
      rejects: [],
    });
    await engine.services.models.idle();
    const compared = await client.request('models.compare', {
      deviceId: DEVICE,
      from: liveFrom,
      to: liveFrom + 100_000,
    });
    const byId = new Map(compared.map((c) => [c.modelId, c]));
    const flagged = byId.get(clean.id)!;
    const learnt = byId.get(tainted.id)!;
    // 60 vectors; the first two only fill the window of 3 (2 lags).
    expect(flagged.scored).toBe(58);
    expect(learnt.scored).toBe(58);
    // Trained without the labelled stretch, nearly every broken vector is above threshold;
    // trained with it, the pattern looks normal.
    expect(flagged.above).toBeGreaterThanOrEqual(40);
    expect(learnt.above).toBeLessThan(flagged.above / 2);
  });
});
