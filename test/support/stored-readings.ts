// What a stopped or running engine has stored, read the way a test that kills engines needs:
// over HTTP while it runs, straight from its data directory once it has stopped.
import { HistoryStore } from '../../src/main/engine/history/history-store';

/** Readings this run of the engine stored (health). */
export async function storedThisRun(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { readings: { stored: number } };
  return health.readings.stored;
}

/** Readings in history, whichever run stored them. */
export async function storedInHistory(url: string): Promise<number> {
  const body = (await (await fetch(`${url}/api/metrics/dashboard`)).json()) as {
    data: { readings: { total: number } };
  };
  return body.data.readings.total;
}

/** Stored readings per series, read from the data directory of a stopped engine. */
export async function countStored(dataDir: string): Promise<Map<string, number>> {
  const history = new HistoryStore(dataDir, { clock: Date.now, log: () => {} });
  await history.start();
  try {
    return await history.countBySeries();
  } finally {
    await history.stop();
  }
}
