// Re-queueing file-import dead letters: rows refused because their device was unknown (with
// auto-registration off) come back once it is turned on, as history; a malformed row cannot be
// re-queued (the import's mapping is not kept) and says so, keeping its original reason.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { waitFor } from '../support/wait';

describe('file-import dead letters', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(join(dir.path, 'data'), {
      simulator: { enabled: false },
      broker: { embedded: false },
      sources: { mqtt: [] },
      ingest: { autoRegister: false },
    });
  });
  afterAll(async () => {
    await engine?.stop();
    dir?.remove();
  });

  it('re-queues rows of unknown devices once auto-registration is on, and malformed rows through the mapping', async () => {
    const client = contractClient(engine);
    const start = Date.now() - 3_600_000;
    const t = (k: number) => new Date(start + k * 1000).toISOString();
    const path = join(dir.path, 'plant.csv');
    writeFileSync(
      path,
      [
        'device,signal,timestamp,value',
        `device-001,temperature,${t(0)},50`,
        `new-press,load,${t(1)},10`,
        `new-press,load,${t(2)},11`,
        `device-001,temperature,${t(3)},abc`,
      ].join('\n') + '\n',
    );
    const job = await client.request('import.start', {
      path,
      mapping: { deviceColumn: 'device', signalColumn: 'signal', value: 'value', timestamp: 'timestamp' },
      createDevice: true, // the file's devices are new: creating them is confirmed
    });
    await waitFor(async () => (await client.request('jobs.get', { id: job.id })).state === 'done', {
      what: 'the import done',
    });
    expect(await client.request('import.summary', { id: job.id })).toMatchObject({ stored: 1, rejected: 3 });
    // One letter for the refused readings (kept as readings) and one for the malformed row (kept
    // with the import's mapping), both named by the lines the batch's bad rows span.
    const letters = await client.request('deadLetters.list', { source: 'file' });
    expect(letters.items).toHaveLength(2);
    const unknown = letters.items.find((d) => d.reason.includes('unknown device "new-press"'))!;
    expect(unknown).toMatchObject({ origin: 'plant.csv:3-5', count: 2 });
    const malformed = letters.items.find((d) => d.id !== unknown.id)!;
    expect(malformed).toMatchObject({ origin: 'plant.csv:3-5', count: 1, raw: `device-001,temperature,${t(3)},abc` });
    expect(malformed.reason).toBe('line 5: value "abc" is not a number');

    // Still refused while auto-registration is off: it stays, with an attempt counted.
    const early = await client.request('deadLetters.requeue', { ids: [unknown.id] });
    expect(early.every((r) => !r.ok)).toBe(true);

    await client.request('sources.save', { kind: 'autoRegister', value: true });
    const results = await client.request('deadLetters.requeue', { ids: letters.items.map((d) => d.id) });
    expect(results.find((r) => r.id === unknown.id)).toEqual({ id: unknown.id, ok: true, reason: null });
    // The malformed row goes through the import's mapping again, and is refused for what it is.
    expect(results.find((r) => r.id === malformed.id)).toEqual({
      id: malformed.id,
      ok: false,
      reason: 'row 1: value "abc" is not a number',
    });
    const counts = await engine.services.history.countBySeries();
    expect(counts.get('new-press/load')).toBe(2);
    const left = await client.request('deadLetters.list', { source: 'file' });
    expect(left.items).toEqual([expect.objectContaining({ id: malformed.id, attempts: 1 })]);
    // History, not news: nothing re-queued from a file raises an alarm or reaches live screens.
    expect(engine.services.live.snapshot().some((r) => r.deviceId === 'new-press')).toBe(false);
    client.close();
  }, 30_000);
});
