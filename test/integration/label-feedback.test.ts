// What detection learns from labels, through the contract on a real engine: alarms raised by
// real readings, three false-alarm labels, a suggested rule change that the caller accepts
// (audited as them) and that keeps the next such excursion quiet; and a trained model judged
// against labelled ranges with DuckDB readings and onnxruntime. Labels are made through the
// contract too (annotations.create, the engine's annotation service).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { createRandom } from '../../src/main/engine/simulator/random';
import { callContext, LOCAL_CALLER } from '../../src/shared/rpc/call-context';
import { createClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

const encoder = new TextEncoder();

/** A contract client acting as `who`. */
function clientAs(engine: Engine, who: string) {
  const [clientEnd, serverEnd] = createMemoryChannelPair();
  serveContract(serverEnd, engine.handlers(), {
    context: callContext({
      caller: { ...LOCAL_CALLER, id: who },
      client: { address: 'test', origin: null, trusted: false },
    }),
  });
  return createClient(clientEnd);
}

describe('rule suggestions from labels, on a real engine', () => {
  const dir = makeTempDir();
  let engine: Engine;

  beforeAll(async () => {
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: { mqtt: [] },
      detection: { stats: { alarms: false } },
      devices: [
        {
          id: 'oven-1',
          name: 'Oven 1',
          signals: [{ key: 'temperature', unit: 'celsius', limits: { lo: 15, hi: 85, hiHi: 95 }, intervalMs: 1000 }],
        },
      ],
    });
  });
  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  const submit = (value: number, ts: number) =>
    engine.services.pipeline.submit(
      'test',
      'label-feedback',
      encoder.encode(
        JSON.stringify({ deviceId: 'oven-1', sensorType: 'temperature', value, timestamp: new Date(ts).toISOString() }),
      ),
    );

  /** 80, then `secs` readings a second apart at 90, then 80 again. */
  async function excursion(t: number, secs: number): Promise<void> {
    await submit(80, t);
    for (let s = 1; s <= secs; s++) await submit(90, t + s * 1000);
    await submit(80, t + (secs + 1) * 1000);
  }

  it('three labelled short false alarms → an on-delay suggestion → accepted by the caller → the next spike raises nothing', async () => {
    const ana = clientAs(engine, 'ana');
    const t0 = Date.now() - 300_000;
    const ids: number[] = [];
    for (const [k, secs] of [2, 3, 4].entries()) {
      await excursion(t0 + k * 60_000, secs);
      const [alarm] = await ana.request('alarms.list', { devices: ['oven-1'] });
      expect(alarm).toMatchObject({ kind: 'high', conditionActive: false });
      ids.push(alarm!.id);
      await ana.request('alarms.acknowledge', { id: alarm!.id }); // returned + acknowledged: closed
    }
    expect(await ana.request('rules.suggestions', {})).toEqual([]);

    for (const id of ids) {
      const a = (await ana.request('alarms.get', { id })).alarm;
      await ana.request('annotations.create', {
        deviceId: 'oven-1',
        signal: 'temperature',
        from: a.raisedAt,
        to: a.returnedAt!,
        verdict: 'false-alarm',
        target: { type: 'alarm', alarmId: id },
      });
    }
    const [s] = await waitFor(async () => {
      const list = await ana.request('rules.suggestions', { device: 'oven-1' });
      return list.length > 0 ? list : null;
    });
    // The longest was beyond hi for 4 s (first reading at 90 → first back at 80): 5 s holds them all back.
    expect(s).toMatchObject({ signal: 'temperature', rule: 'limits', field: 'onDelayMs', current: 0, proposed: 5000 });
    expect(s!.basedOn).toHaveLength(3);
    expect(s!.reason).toMatch(/3 of 3 labelled false alarms on oven-1\/temperature returned within 4 s/);

    const accepted = await ana.request('rules.decideSuggestion', { id: s!.id, accept: true, note: 'door opening' });
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: 'ana', note: 'door opening' });
    const [audit] = await ana.request('rules.audit', { device: 'oven-1', limit: 5 });
    expect(audit).toMatchObject({ by: 'ana', action: 'create', after: { limits: { onDelayMs: 5000 } } });
    expect(await ana.request('rules.suggestions', { status: ['accepted'] })).toHaveLength(1);
    expect(await ana.request('rules.suggestions', {})).toEqual([]);

    // The same spike again: quiet. A real excursion (8 s) still raises.
    await excursion(t0 + 200_000, 3);
    expect(await ana.request('alarms.list', { devices: ['oven-1'] })).toEqual([]);
    await excursion(t0 + 240_000, 8);
    expect(await ana.request('alarms.list', { devices: ['oven-1'] })).toMatchObject([{ kind: 'high' }]);
  });

  it('refuses to decide a suggestion twice or one that does not exist', async () => {
    const ana = clientAs(engine, 'ana');
    const [s] = await ana.request('rules.suggestions', { status: ['accepted'] });
    await expect(ana.request('rules.decideSuggestion', { id: s!.id, accept: false })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(ana.request('rules.decideSuggestion', { id: 'nope', accept: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

const DEVICE = 'pump-1';
const SIGNALS = ['flow', 'pressure', 'temperature'];

/** A pump at 1 s steps: pressure and temperature follow flow (broken: pressure stops following). */
function pump(from: number, n: number, seed: number, broken = false) {
  const rnd = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const out: { deviceId: string; signal: string; ts: number; value: number; quality: 'good'; unit: string }[] = [];
  for (let i = 0; i < n; i++) {
    const ts = from + i * 1000;
    const flow = 50 + 20 * Math.sin(i / 40) + gauss();
    const pressure = broken ? 10 + 0.5 * (100 - flow) : 10 + 0.5 * flow + 0.4 * gauss();
    [flow, pressure, 60 - 0.3 * flow + 0.3 * gauss()].forEach((value, j) =>
      out.push({ deviceId: DEVICE, signal: SIGNALS[j]!, ts, value, quality: 'good', unit: '' }),
    );
  }
  return out;
}

describe('models evaluated against labels, on a real engine', () => {
  const dir = makeTempDir();
  let engine: Engine;
  const t0 = Date.now() - 6 * 3_600_000;

  beforeAll(async () => {
    engine = await startEngine(dir.path, {
      simulator: { enabled: false },
      broker: { embedded: false },
      // 33 minutes of training history: the point is the labels' feedback, not the minimum span (a day by default).
      models: { minTrainingSpan: '30min' },
      devices: [
        {
          id: DEVICE,
          name: 'Pump 1',
          signals: SIGNALS.map((key) => ({ key, intervalMs: 1000, limits: { hi: 1000 } })),
        },
      ],
    });
    const backfill = (readings: ReturnType<typeof pump>) =>
      engine.services.pipeline.submitDecoded('test', 'fixture', { readings, rejects: [] }, { backfill: true });
    await backfill(pump(t0, 2000, 1)); // training data
    await backfill(pump(t0 + 3_000_000, 300, 2)); // normal later on
    await backfill(pump(t0 + 4_000_000, 300, 3, true)); // broken correlation
  });
  afterAll(async () => {
    await engine?.stop();
    dir.remove();
  });

  it('says "no labels" (null figures) until there are labels, then counts flagged ranges per model', async () => {
    const client = clientAs(engine, 'ana');
    const job = await client.request('models.train', { deviceId: DEVICE, from: t0, to: t0 + 2_000_000 });
    await waitFor(async () => ((await client.request('jobs.get', { id: job.id })).state === 'done' ? true : null), {
      timeoutMs: 30_000,
      what: 'training',
    });
    const [before] = await client.request('models.evaluate', { deviceId: DEVICE });
    expect(before).toMatchObject({
      modelId: `${DEVICE}@v1`,
      status: 'shadow',
      positives: 0,
      negatives: 0,
      precision: null,
      recall: null,
      f1: null,
    });

    const range = (
      from: number,
      secs: number,
      verdict: 'true-anomaly' | 'false-alarm' | 'operating-point' | 'maintenance',
      signal = '*',
    ) => client.request('annotations.create', { deviceId: DEVICE, signal, from, to: from + secs * 1000, verdict });
    await range(t0 + 4_050_000, 100, 'true-anomaly'); // broken: flagged
    await range(t0 + 3_050_000, 100, 'false-alarm', 'pressure'); // normal: not flagged
    await range(t0 + 3_200_000, 60, 'operating-point'); // normal: not flagged
    await range(t0 + 5_000_000, 60, 'true-anomaly'); // no readings: unscored
    await range(t0 + 4_100_000, 60, 'maintenance'); // says nothing about the model

    const [after] = await client.request('models.evaluate', { deviceId: DEVICE });
    expect(after).toEqual({
      modelId: `${DEVICE}@v1`,
      status: 'shadow',
      positives: 1,
      detected: 1,
      negatives: 2,
      falseAlarms: 0,
      precision: 1,
      recall: 1,
      f1: 1,
      unscored: 1,
    });

    // A range of normal operation labelled a true anomaly is missed: recall halves.
    await range(t0 + 3_100_000, 60, 'true-anomaly', 'flow');
    const [missed] = await client.request('models.evaluate', { deviceId: DEVICE });
    expect(missed).toMatchObject({ positives: 2, detected: 1, recall: 0.5, precision: 1 });
    expect(missed!.f1).toBeCloseTo(2 / 3, 6);
    await expect(client.request('models.evaluate', { deviceId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
