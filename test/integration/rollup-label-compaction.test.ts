// The rollup_labels record (rollup-labels.ts) follows compaction too, on real DuckDB files: while
// a bad-data label's own rebuild is still pending, compaction writes rollups with whatever labels
// are live then, so the record must say the label is out of step — otherwise a label deleted,
// compacted over and restored before a crash would look in step at the next start, and the
// readings compacted meanwhile would stay in the rollups for ever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryStore } from '../../src/main/engine/history/history-store';
import type { RollupRebuild } from '../../src/main/engine/history/rollup-rebuild';
import type { Reading } from '../../src/shared/domain';
import { openHistory, reading } from '../support/history-fixture';
import { MemoryLabelIndex } from '../support/label-index';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

const MIN = 60_000;
const H = 3_600_000;
const D = 24 * H;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const SERIES = 'press-1/pressure';
const FAULT_FROM = T0 + 10 * MIN;
const FAULT_TO = FAULT_FROM + 2 * MIN - 1;

const inFault = (ts: number) => ts >= FAULT_FROM && ts <= FAULT_TO;

function readings(keep: (ts: number) => boolean): Reading[] {
  const out: Reading[] = [];
  for (let ts = T0; ts < T0 + H; ts += 10_000) if (keep(ts)) out.push(reading(SERIES, ts, inFault(ts) ? 999 : 40));
  return out;
}

describe('compaction and the rollup_labels record', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistoryStore | undefined;
  let labels: MemoryLabelIndex;
  let rebuilds: RollupRebuild[];
  let logged: string[];

  async function open(): Promise<HistoryStore> {
    logged = [];
    rebuilds = [];
    store = await openHistory(dir.path, { log: (m) => logged.push(m) }, () => T0 + 10 * D);
    store.labels.use(labels, undefined, (r) => rebuilds.push(r));
    await store.labels.reconciled;
    return store;
  }

  const hourlyMax = async (s: HistoryStore) => (await s.query([SERIES], T0, T0 + H, 100, '1h'))[0]!.max[0];

  beforeEach(() => {
    dir = makeTempDir();
    labels = new MemoryLabelIndex();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store?.stop();
    store = undefined;
    dir.remove();
  });

  it('a label deleted, compacted over and restored before its rebuild is rebuilt at the next start', async () => {
    const s = await open();
    await s.append(readings((ts) => !inFault(ts)));
    await s.compactNow();
    const label = labels.create({
      deviceId: 'press-1',
      signal: 'pressure',
      from: FAULT_FROM,
      to: FAULT_TO,
      verdict: 'bad-data',
    });
    await waitFor(() => rebuilds.length === 1, { what: 'the rebuild for the new label' });

    // From here the engine "dies" before any rebuild: each label change is stored, never applied.
    vi.spyOn(s.labels, 'applyChange').mockReturnValue(new Promise(() => {}));
    labels.delete(label.id);
    await s.append(readings(inFault)); // the fault's readings arrive late, while no label covers them
    await s.compactNow();
    expect(await hourlyMax(s)).toBe(999);
    labels.restore(label.id); // the same range as the record holds
    await s.stop();
    store = undefined;

    const again = await open();
    expect(await hourlyMax(again)).toBe(40);
    // Compaction left the record saying the rollups reflect the label only in part.
    expect(
      logged.some((m) => m.includes(`out of step with bad-data label ${label.id}`) && m.includes('(in part)')),
    ).toBe(true);
  });

  it('a label in step is left alone by compaction and by the next start', async () => {
    const s = await open();
    await s.append(readings((ts) => ts < T0 + 30 * MIN));
    await s.compactNow();
    labels.create({ deviceId: 'press-1', signal: 'pressure', from: FAULT_FROM, to: FAULT_TO, verdict: 'bad-data' });
    await waitFor(() => rebuilds.length === 1, { what: 'the rebuild for the new label' });
    await s.append(readings((ts) => ts >= T0 + 30 * MIN));
    await s.compactNow();
    expect(await hourlyMax(s)).toBe(40);
    await s.stop();
    store = undefined;

    const again = await open();
    expect(await again.labels.reconciled).toEqual([]);
    expect(await hourlyMax(again)).toBe(40);
  });
});
