import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeGauges } from './runtime-gauges';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the event-loop delay figures', () => {
  const gauges = new RuntimeGauges();
  afterEach(() => gauges.stop());

  it('are absent until started, then show a loop held up for 150 ms', async () => {
    expect(gauges.loopDelay()).toBeUndefined();
    gauges.start();
    await sleep(50);
    const end = Date.now() + 150;
    while (Date.now() < end) {
      // the engine stuck in a long synchronous task
    }
    await sleep(50);
    const delay = gauges.loopDelay()!;
    expect(delay.max).toBeGreaterThan(0.12);
    expect(delay.max).toBeLessThan(5); // a loaded machine adds its own waits, never seconds of ours
    expect(delay.p99).toBeGreaterThanOrEqual(delay.p50);
    expect(delay.max).toBeGreaterThanOrEqual(delay.p99);
    expect(delay.count).toBeGreaterThan(0);
    expect(delay.sum).toBeGreaterThanOrEqual(delay.max);
  });
});
