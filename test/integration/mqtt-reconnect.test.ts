// A broker that keeps refusing is retried with growing pauses, not every second forever.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { makeTempDir } from '../support/temp-dir';
import { startEngine } from '../support/test-engine';
import { sleep } from '../support/wait';

describe('MQTT reconnect', () => {
  let server: Server | undefined;
  let engine: Engine | undefined;
  const dir = makeTempDir();

  afterEach(async () => {
    await engine?.stop();
    await new Promise((r) => server?.close(r));
    dir.remove();
  });

  it('backs off while the broker drops every connection', async () => {
    const attempts: number[] = [];
    server = createServer((socket) => {
      attempts.push(Date.now());
      socket.destroy(); // a broker that is not ready: accept, then drop
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    engine = await startEngine(dir.path, {
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'flaky', url: `mqtt://127.0.0.1:${port}`, topics: ['x/#'] }] },
    });
    await sleep(9000);
    // Fixed 1 s retries would make about 9 attempts; 1 + 2 + 4 s of backoff leaves 4 or 5.
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(5);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]! * 1.5);
    expect(engine.health().sources.find((s) => s.id === 'flaky')).toMatchObject({ connected: false });
  }, 20_000);
});
