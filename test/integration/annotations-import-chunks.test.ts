// A big label import through the real engine and contract: rows are checked first (every refusal
// by line), then written 1,000 per transaction with the event loop free between two, so other
// requests are answered meanwhile and each chunk is announced once stored; an import cut short
// (a crash after the first chunk) is completed by importing the same file again, the rows already
// stored counted unchanged — also rows without an id or an "updated" time.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { IMPORT_CHUNK } from '../../src/main/engine/annotations/annotation-transfer';
import { contractClient } from '../support/contract-client';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';

const T0 = Date.UTC(2026, 10, 2, 8);
const N = 2 * IMPORT_CHUNK + 500;

/** N labels: half with an id, half without; none says when it was updated; two bad rows. */
function file(): string {
  const rows = ['id,series,start,end,verdict,text'];
  for (let i = 0; i < N; i++) {
    const from = new Date(T0 + i * 60_000).toISOString();
    const to = new Date(T0 + i * 60_000 + 30_000).toISOString();
    rows.push(`${i % 2 ? `imp-${i}` : ''},device-001/temperature,${from},${to},unsure,"row ${i % 7}, same text often"`);
  }
  rows.splice(11, 0, 'x,device-001/temperature,yesterday,today,unsure,bad times');
  rows.push('y,no-such-device/temperature,2026-11-02T08:00:00.000Z,2026-11-02T08:01:00.000Z,unsure,unknown device');
  return rows.join('\n');
}

describe('a big label import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  let client: ReturnType<typeof contractClient>;

  beforeAll(async () => {
    dir = makeTempDir();
    engine = await startEngine(join(dir.path, 'data'), { simulator: { enabled: false } });
    client = contractClient(engine);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await engine?.stop();
    dir?.remove();
  });

  const total = () => engine.services.annotations.list({ includeDeleted: true, limit: 1 }).total;

  it('is cut short after its first chunk, then completed by importing the same file again', async () => {
    const { store } = engine.services.annotations;
    const real = store.transaction.bind(store);
    let calls = 0;
    const cut = vi.spyOn(store, 'transaction').mockImplementation((work) => {
      if (++calls === 2) throw new Error('power cut');
      return real(work);
    });
    await expect(client.request('annotations.import', { format: 'csv', content: file() })).rejects.toThrow();
    cut.mockRestore();
    expect(total()).toBe(IMPORT_CHUNK);

    const result = await client.request('annotations.import', { format: 'csv', content: file() });
    expect(result).toMatchObject({ created: N - IMPORT_CHUNK, updated: 0, unchanged: IMPORT_CHUNK });
    expect(result.rejected.map((r) => r.line)).toEqual([12, N + 3]);
    expect(total()).toBe(N);

    // And once more: nothing left to do.
    expect(await client.request('annotations.import', { format: 'csv', content: file() })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: N,
    });
    expect(total()).toBe(N);
  });

  it('answers other requests while it writes, and announces each chunk once stored', async () => {
    const content = file().replace(/imp-/g, 'second-').replace(/row /g, 'again ');
    const before = total();
    const storedAtFirstChange: number[] = [];
    const stop = engine.services.annotations.onChange(() => {
      if (storedAtFirstChange.length === 0) storedAtFirstChange.push(total() - before);
    });
    const order: string[] = [];
    const importing = client.request('annotations.import', { format: 'csv', content }).then((r) => {
      order.push('import');
      return r;
    });
    const other = client.request('annotations.causes', {}).then(() => order.push('causes'));
    const [result] = await Promise.all([importing, other]);
    stop();
    expect(result.created).toBe(N);
    expect(order).toEqual(['causes', 'import']);
    expect(storedAtFirstChange).toEqual([IMPORT_CHUNK]);
    // The in-memory index detection reads took every chunk: both files' labels, each once.
    const live = engine.services.annotations.rangesOf('device-001', 'temperature', T0, T0 + N * 60_000, ['unsure']);
    expect(live).toHaveLength(2 * N);
    expect(new Set(live.map((l) => l.id)).size).toBe(2 * N);
  });
});
