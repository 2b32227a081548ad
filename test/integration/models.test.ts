// Models end to end on a real engine: train from stored history (a job with progress), the
// registry's lifecycle (shadow → active → retired, one-step rollback), live scoring through
// onnxruntime with a broken correlation raising a 'model' alarm, and shadow scores kept beside
// the active ones for comparison.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { createRandom } from '../../src/main/engine/simulator/random';
import { ANOMALY_EVIDENCE } from '../../src/shared/contract/detection';
import { contractClient } from '../support/contract-client';
import { startEngine } from '../support/test-engine';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const DEVICE = 'pump-1';
const SIGNALS = ['flow', 'pressure', 'temperature', 'vibration'];
/** A device whose a and b are unrelated cycles of 20 and 21 minutes, seen for 50 minutes. */
const CYCLES = 'cycles-1';

function cycles(from: number, n: number) {
  const rnd = createRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return Array.from({ length: n }, (_, i) => [
    10 * Math.sin((2 * Math.PI * i) / 1200) + gauss(),
    10 * Math.sin((2 * Math.PI * i) / 1260) + gauss(),
    gauss(),
  ]).flatMap((values, i) =>
    values.map((value, j) => ({
      deviceId: CYCLES,
      signal: 'abc'[j]!,
      ts: from + i * 1000,
      value,
      quality: 'good' as const,
      unit: '',
    })),
  );
}

/** Readings of a pump at 1 s steps: pressure and temperature follow flow. */
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

describe('models on a real engine', () => {
  const dir = makeTempDir();
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;
  const now = Date.now();
  const trainFrom = now - 3_600_000;

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'models'));
    writeFileSync(join(dir.path, 'models', 'broken.json'), JSON.stringify({ name: 'broken', device: DEVICE }));
    engine = await startEngine(dir.path, {
      // Histories of 33 and 50 minutes: these tests are about training, the lifecycle and the history
      // checks on short synthetic processes, not the minimum span (a day by default), tested below at 30 min.
      models: { dirs: [join(__dirname, '../../models')], minTrainingSpan: '30min' },
      simulator: { enabled: false },
      broker: { embedded: false },
      devices: [
        {
          id: DEVICE,
          name: 'Pump 1',
          signals: SIGNALS.map((key) => ({ key, intervalMs: 1000, limits: { hi: 1000 } })),
        },
        { id: CYCLES, name: 'Cycles', signals: ['a', 'b', 'c'].map((key) => ({ key, intervalMs: 1000 })) },
      ],
    });
    client = contractClient(engine);
    // An hour of history, stored as backfill (neither scored nor alarmed).
    await engine.services.pipeline.submitDecoded(
      'test',
      'fixture',
      { readings: pump(trainFrom, 2000, 1), rejects: [] },
      { backfill: true },
    );
  });

  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  async function train(): Promise<string> {
    const job = await client.request('models.train', { deviceId: DEVICE, from: trainFrom, to: now });
    expect(job.kind).toBe('train');
    const done = await waitFor(
      async () => {
        const j = await client.request('jobs.get', { id: job.id });
        return j.state !== 'running' ? j : null;
      },
      { what: 'training job' },
    );
    expect(done).toMatchObject({ state: 'done', error: null, progress: 1 });
    expect(done.rows).toBeGreaterThan(1500);
    const { models } = await client.request('models.list', { deviceId: DEVICE });
    return models.find((m) => m.source === 'trained')!.id;
  }

  it('trains a shadow model from clean history and keeps its ONNX file in the data directory', async () => {
    const id = await train();
    const { models } = await client.request('models.list', { deviceId: DEVICE });
    const trained = models.filter((m) => m.source === 'trained');
    expect(trained).toHaveLength(1);
    const m = trained[0]!;
    // Dynamic PCA by default: 2000 vectors of 3 signals give the most lags the rule allows.
    expect(m).toMatchObject({ id, version: 1, status: 'shadow', kind: 'dpca', source: 'trained', signals: SIGNALS });
    expect(m.metrics.lags).toBe(2);
    expect(m.metrics.components).toBeLessThanOrEqual(SIGNALS.length * 3);
    expect(m.metrics.trainingAboveThreshold).toBeLessThan(0.01);
    expect(m.file).toBe(join(dir.path, 'models', DEVICE, '1.onnx'));
    expect(existsSync(m.file)).toBe(true);
  });

  it('loads the supplied example model in shadow and lists a refused manifest with its reason', async () => {
    const { models, rejected } = await client.request('models.list', {});
    expect(models.find((m) => m.source === 'user')).toMatchObject({
      id: 'user:example-pump@v1',
      deviceId: DEVICE,
      status: 'shadow',
      kind: 'onnx',
      signals: ['flow', 'pressure', 'temperature'],
    });
    expect(rejected).toEqual([
      { file: join(dir.path, 'models', 'broken.json'), reason: expect.stringMatching(/^invalid manifest: model: /) },
    ]);
  });

  it('refuses a model whose history does not cover normal running: the job says why, nothing is written', async () => {
    await engine.services.pipeline.submitDecoded(
      'test',
      'fixture',
      { readings: cycles(trainFrom, 3000), rejects: [] },
      { backfill: true },
    );
    const job = await client.request('models.train', { deviceId: CYCLES, from: trainFrom, to: now });
    const failed = await waitFor(async () => {
      const j = await client.request('jobs.get', { id: job.id });
      return j.state !== 'running' ? j : null;
    });
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^model refused: a and b moved together \(r = 0\.\d\d\)/);
    expect(failed.error).toMatch(/does not cover the plant's normal variation: train on a longer span/);
    const { models } = await client.request('models.list', { deviceId: CYCLES });
    expect(models).toEqual([]);
    expect(existsSync(join(dir.path, 'models', CYCLES))).toBe(false);
  });

  it('refuses to train a device that does not exist or has no history', async () => {
    await expect(client.request('models.train', { deviceId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const job = await client.request('models.train', { deviceId: DEVICE, from: 0, to: 7_200_000 });
    const failed = await waitFor(async () => {
      const j = await client.request('jobs.get', { id: job.id });
      return j.state !== 'running' ? j : null;
    });
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/only 0 clean vectors/);
  });

  it('refuses a history shorter than models.minTrainingSpan: a short range at once, short history in the job', async () => {
    expect((await client.request('models.list', { deviceId: DEVICE })).minTrainingSpanMs).toBe(1_800_000);
    const before = (await client.request('models.list', { deviceId: DEVICE })).models.length;
    const words = 'a model needs at least 30 min of normal running (models.minTrainingSpan) — train on a longer span';
    // A range shorter than the minimum: refused before a job starts.
    await expect(
      client.request('models.train', { deviceId: DEVICE, from: trainFrom, to: trainFrom + 1_200_000 }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', message: `model refused: the history spans 20 min; ${words}` });
    // A long enough range that holds only 10 minutes of readings: the job fails, nothing is written.
    const job = await client.request('models.train', {
      deviceId: DEVICE,
      from: trainFrom - 1_800_000,
      to: trainFrom + 600_000,
    });
    const failed = await waitFor(async () => {
      const j = await client.request('jobs.get', { id: job.id });
      return j.state !== 'running' ? j : null;
    });
    expect(failed).toMatchObject({ state: 'failed', error: `model refused: the history spans 10 min; ${words}` });
    expect((await client.request('models.list', { deviceId: DEVICE })).models).toHaveLength(before);
  });

  it('activates, retires the replaced model, and rolls back in one step', async () => {
    const v2 = await train();
    expect(v2).toBe(`${DEVICE}@v2`);
    await client.request('models.activate', { id: `${DEVICE}@v1` });
    const active = await client.request('models.activate', { id: v2 });
    expect(active.status).toBe('active');
    let { models } = await client.request('models.list', { deviceId: DEVICE });
    expect(models.find((m) => m.version === 1)!.status).toBe('retired');

    const restored = await client.request('models.rollback', { deviceId: DEVICE });
    expect(restored).toMatchObject({ id: `${DEVICE}@v1`, status: 'active' });
    ({ models } = await client.request('models.list', { deviceId: DEVICE }));
    expect(models.find((m) => m.version === 2)!.status).toBe('retired');
    await expect(client.request('models.activate', { id: `${DEVICE}@v1` })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(client.request('models.rollback', { deviceId: DEVICE })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('scores live vectors with the active and a shadow model, and a broken correlation raises a model alarm', async () => {
    const shadow = await train(); // v3, in shadow beside the active v1
    await engine.services.models.idle();
    const liveFrom = now + 1000;
    await engine.services.pipeline.submitDecoded('test', 'live', { readings: pump(liveFrom, 200, 5), rejects: [] });
    await engine.services.models.idle();
    let alarms = await client.request('alarms.list', {});
    expect(alarms.filter((a) => a.kind === 'model')).toHaveLength(0);

    await engine.services.pipeline.submitDecoded('test', 'live', {
      readings: pump(liveFrom + 200_000, 60, 6, true),
      rejects: [],
    });
    await engine.services.models.idle();
    alarms = await waitFor(
      async () => {
        const list = await client.request('alarms.list', {});
        return list.some((a) => a.kind === 'model') ? list : null;
      },
      { what: 'a model alarm' },
    );
    const alarm = alarms.find((a) => a.kind === 'model')!;
    expect(alarm.deviceId).toBe(DEVICE);

    // The anomaly explains itself: model, version, score and the signals that broke.
    await engine.services.pipeline.submitDecoded('test', 'live', {
      readings: pump(liveFrom + 400_000, 1, 7),
      rejects: [],
    });
    const anomalies = await waitFor(
      async () => {
        const list = await client.request('anomalies.list', {
          deviceId: DEVICE,
          signal: 'pressure',
          from: liveFrom,
          to: liveFrom + 500_000,
        });
        return list.some((a) => a.kind === 'model') ? list : null;
      },
      { what: 'a stored model anomaly' },
    );
    const anomaly = anomalies.find((a) => a.kind === 'model')!;
    expect(anomaly).toMatchObject({
      signal: '*',
      detector: 'model@1',
      evidence: { model: `${DEVICE}@v1`, version: 1 },
    });
    expect(anomaly.ts).toBeGreaterThanOrEqual(liveFrom + 200_000);
    // Every figure a model's anomaly declares in the contract, none missing.
    expect(() => ANOMALY_EVIDENCE.model.strict().parse(anomaly.evidence)).not.toThrow();
    const top = (anomaly.evidence as { top: { signal: string; share: number }[] }).top;
    expect(['pressure', 'flow']).toContain(top[0]!.signal);

    const compared = await client.request('models.compare', {
      deviceId: DEVICE,
      from: liveFrom,
      to: liveFrom + 300_000,
    });
    const byId = new Map(compared.map((c) => [c.modelId, c]));
    const active = byId.get(`${DEVICE}@v1`)!;
    const shadowSeries = byId.get(shadow)!;
    expect(active.status).toBe('active');
    expect(shadowSeries.status).toBe('shadow');
    for (const s of [active, shadowSeries]) {
      // 260 vectors; the first two only fill the window of 3 (2 lags).
      expect(s.scored).toBe(258);
      // The 60 broken vectors are (nearly) all above threshold, the 200 normal ones (nearly) none.
      expect(s.above).toBeGreaterThanOrEqual(40);
      expect(s.above).toBeLessThanOrEqual(65);
      expect(s.ts.length).toBe(s.score.length);
      expect(s.ts.length).toBeLessThanOrEqual(500);
    }
  });
  it('trains the static PCA of earlier versions on request, and rolls back from it to the dynamic model in one step', async () => {
    const job = await client.request('models.train', { deviceId: DEVICE, from: trainFrom, to: now, kind: 'pca' });
    await waitFor(async () => ((await client.request('jobs.get', { id: job.id })).state === 'done' ? true : null), {
      what: 'static PCA training',
    });
    const { models } = await client.request('models.list', { deviceId: DEVICE });
    const pca = models.find((m) => m.kind === 'pca' && m.source === 'trained')!;
    expect(pca.metrics.components).toBeLessThan(SIGNALS.length);
    expect(pca.metrics.lags).toBeUndefined();
    const before = models.find((m) => m.status === 'active')!;
    expect(before.kind).toBe('dpca');
    await client.request('models.activate', { id: pca.id });
    const restored = await client.request('models.rollback', { deviceId: DEVICE });
    expect(restored).toMatchObject({ id: before.id, kind: 'dpca', status: 'active' });
  });
});
