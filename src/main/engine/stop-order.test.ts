import { describe, expect, it } from 'vitest';
import { StopOrder } from './stop-order';

describe('stop order', () => {
  it('stops what started last first', async () => {
    const order = new StopOrder();
    const stopped: string[] = [];
    for (const name of ['history', 'state', 'pipeline', 'sources']) order.add(name, () => void stopped.push(name));
    expect(order.names).toEqual(['sources', 'pipeline', 'state', 'history']);
    await order.stopAll(() => {});
    expect(stopped).toEqual(['sources', 'pipeline', 'state', 'history']);
  });

  it('waits for each stop before the next', async () => {
    const order = new StopOrder();
    const events: string[] = [];
    order.add('history', () => void events.push('history'));
    order.add('pipeline', async () => {
      await new Promise((r) => setTimeout(r, 10));
      events.push('pipeline drained');
    });
    await order.stopAll(() => {});
    expect(events).toEqual(['pipeline drained', 'history']);
  });

  it('goes on past a failing step, logs it and rethrows the first failure', async () => {
    const order = new StopOrder();
    const stopped: string[] = [];
    const log: string[] = [];
    order.add('state', () => void stopped.push('state'));
    order.add('broker', () => {
      throw new Error('port stuck');
    });
    order.add('sources', () => void stopped.push('sources'));
    await expect(order.stopAll((m) => log.push(m))).rejects.toThrow('port stuck');
    expect(stopped).toEqual(['sources', 'state']);
    expect(log).toEqual(['stopping broker failed: port stuck']);
  });

  it('runs each step once, however often it is asked to stop', async () => {
    const order = new StopOrder();
    let closes = 0;
    order.add('state', () => void closes++);
    await order.stopAll(() => {});
    await order.stopAll(() => {});
    expect(closes).toBe(1);
    expect(order.names).toEqual([]);
  });
});
