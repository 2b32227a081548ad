// An anomalies table made before feedback existed gains its suppressed_by column at start: old
// rows read back as not suppressed, new ones keep the label that suppressed them.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { DetectedAnomaly } from '../../src/shared/contract/detection';
import { openHistory } from '../support/history-fixture';
import { makeTempDir } from '../support/temp-dir';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const T = Date.UTC(2026, 0, 5, 4);
const stats = (ts: number, suppressedBy?: string): DetectedAnomaly => ({
  deviceId: 'press-1',
  signal: 'temperature',
  ts,
  detector: 'stats',
  score: 0.9,
  kind: 'statistical',
  message: 'temperature 109 unusual',
  evidence: {
    score: 0.9,
    threshold: 0.7,
    baseline: 84,
    deviation: 25,
    z: 11,
    scale: 2.2,
    reason: 'step',
    seasonal: 'none',
    warm: true,
    count: 300,
    value: 109,
  },
  ...(suppressedBy && { suppressedBy }),
});

it('adds suppressed_by to an older anomalies table and returns it from the list', async () => {
  const dir = makeTempDir();
  dirs.push(dir);
  // The table as an engine before issue 13 made it, with one row.
  const old = await DuckDBInstance.create(join(dir.path, 'history.duckdb'));
  const db = await old.connect();
  await db.run(`CREATE TABLE anomalies (
    device VARCHAR NOT NULL, signal VARCHAR NOT NULL, ts BIGINT NOT NULL, detector VARCHAR NOT NULL,
    score DOUBLE NOT NULL, kind VARCHAR NOT NULL, message VARCHAR NOT NULL, evidence VARCHAR NOT NULL)`);
  await db.run(
    `INSERT INTO anomalies VALUES ('press-1', 'temperature', ${T}, 'stats', 0.9, 'statistical', 'old one', '{"score":0.9}')`,
  );
  db.closeSync();
  old.closeSync();

  const store = await openHistory(dir.path, {}, () => T + 86_400_000);
  try {
    await store.appendAnomalies([stats(T + 3_600_000, 'label-7'), stats(T + 7_200_000)]);
    const list = await store.anomalies({
      deviceId: 'press-1',
      signal: 'temperature',
      from: T - 1,
      to: T + 86_400_000,
      includeDevice: true,
      limit: 10,
    });
    expect(list.map((a) => [a.message, a.suppressedBy])).toEqual([
      ['old one', undefined],
      ['temperature 109 unusual', 'label-7'],
      ['temperature 109 unusual', undefined],
    ]);
  } finally {
    await store.stop();
  }
});
