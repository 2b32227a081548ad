// What `watchfloor serve` (and so `npm start`, which falls back to it) tells a new operator on
// its first run, as the built CLI prints it: where the data lives and how to start afresh, and —
// while the built-in simulator feeds the wall — that the data is simulated. Needs
// `npm run build` first (npm test does it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

/** Everything serve printed once its data line is out (it follows the URL line). */
const printed = (p: ServeProcess) =>
  waitFor(() => (p.output().includes('Data: ') ? p.output() : undefined), { what: 'the data line' });

describe('watchfloor serve on a first run', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let running: ServeProcess | undefined;

  beforeAll(() => {
    tmp = makeTempDir('watchfloor-first-run-');
    // The embedded broker on a free port, so that runs in parallel do not collide.
    writeFileSync(join(tmp.path, 'config.json'), JSON.stringify({ broker: { port: 0 } }));
  });
  afterAll(async () => {
    await running?.stop();
    tmp?.remove();
  });

  it('prints where the data lives, how to reset it, and that the simulator feeds the demo data', async () => {
    const data = join(tmp.path, 'demo');
    running = await startServeProcess(['--data', data, '--config', join(tmp.path, 'config.json')]);
    const out = await printed(running);
    expect(out).toContain(`Data: ${data} (delete it, or run with --data <empty dir>, to start afresh)`);
    expect(out).toContain('Demo data: the built-in simulator feeds a five-device line');
    const health = (await (await fetch(`${running.url}/api/health`)).json()) as { simulator: { running: boolean } };
    expect(health.simulator.running).toBe(true);
    await running.stop();
    running = undefined;
  });

  it('says nothing of demo data when the simulator is off', async () => {
    const data = join(tmp.path, 'plant');
    running = await startServeProcess(['--data', data, '--config', join(tmp.path, 'config.json'), '--no-simulator']);
    const out = await printed(running);
    expect(out).toContain(`Data: ${data} (delete it`);
    expect(out).not.toContain('Demo data');
  });
});
