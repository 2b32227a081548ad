// Three control-room desktops on one central engine, each signed in as a different operator in its
// own Chromium context. An acknowledgement made on one shows on the other two with the name of
// who made it (the propagation time is printed; `npm run bench -- multi-desktop` measures it), and
// a desktop whose link is cut for 30 s while the fleet floods and the others acknowledge ends with
// exactly the engine's queue once the link is back (the transitions it missed are replayed).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  acknowledgeInPage,
  alarmRow,
  openDesk,
  percentile,
  queueInEngine,
  queueInPage,
  startSharedEngine,
  waitForAlarm,
  watchAcknowledged,
  type Desk,
  type SharedEngine,
} from '../support/control-rooms';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { makeTempDir } from '../support/temp-dir';

const DEVICES = 40;

describe('several desktops on one engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let shared: SharedEngine;
  let browser: Browser;
  let proxy: TcpProxy;
  let desks: Desk[] = [];

  beforeAll(async () => {
    dir = makeTempDir();
    shared = await startSharedEngine(dir.path, DEVICES, [
      { name: 'alice', role: 'operator' },
      { name: 'bob', role: 'operator' },
      { name: 'carol', role: 'engineer' },
    ]);
    // carol's desk reaches the engine through a link the test can cut, like a pulled cable.
    proxy = await startTcpProxy(Number(new URL(shared.serve.url).port));
    browser = await launchChromium();
    desks = [
      await openDesk(browser, shared.serve.url, 'alice'),
      await openDesk(browser, shared.serve.url, 'bob'),
      await openDesk(browser, `http://127.0.0.1:${proxy.port}`, 'carol'),
    ];
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await shared?.close();
    const code = await shared?.serve.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('shows an acknowledgement made on one desktop on the other two, with who made it', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 9; i++) {
      const device = `press-${String(i + 1).padStart(2, '0')}`;
      await shared.publish(device, 60);
      const id = await waitForAlarm(shared.engine, device);
      for (const d of desks) await alarmRow(d.page, id).waitFor();
      const acker = desks[i % 3]!;
      const others = desks.filter((d) => d !== acker);
      const seen = others.map((d) => watchAcknowledged(d.page, id, acker.user));
      const clicked = Date.now();
      await acknowledgeInPage(acker, id, `checked by ${acker.user}`);
      for (const at of await Promise.all(seen)) latencies.push(at - clicked);
      const alarm = await shared.engine.request('alarms.get', { id });
      expect(alarm.alarm).toMatchObject({
        state: 'ack_active',
        ackedBy: acker.user,
        ackComment: `checked by ${acker.user}`,
      });
    }
    console.log(
      `[multi-desktop] ack shown on the other desktops: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms (${latencies.length} observations)`,
    );
    for (const d of desks) expect(d.errors).toEqual([]);
  }, 120_000);

  it('catches a desktop whose link was cut for 30 s up with everything it missed', async () => {
    const carol = desks[2]!;
    await proxy.cut();
    // The fleet floods while carol's desk hears nothing: new alarms, some acknowledged by alice,
    // some returning to normal unacknowledged, one acknowledged and then returned (it leaves the queue).
    const raised: number[] = [];
    for (let i = 10; i <= DEVICES; i++) {
      const device = `press-${String(i).padStart(2, '0')}`;
      await shared.publish(device, 58 + (i % 5));
      raised.push(await waitForAlarm(shared.engine, device));
    }
    for (const id of raised.slice(0, 6)) {
      await alarmRow(desks[0]!.page, id).waitFor();
      await acknowledgeInPage(desks[0]!, id, 'flood, acknowledged by alice');
      await watchAcknowledged(desks[1]!.page, id, 'alice');
    }
    await shared.publish('press-10', 40); // acknowledged, now back to normal: leaves the queue
    await shared.publish('press-20', 40); // unacknowledged, back to normal: stays, returned
    await shared.publish('press-21', 40);
    await new Promise((r) => setTimeout(r, 30_000));
    // The link really was down: carol's desk says so, and shows none of the flood yet.
    expect(await carol.page.locator('[data-testid="health"]').getAttribute('data-status')).toBe('lost');
    expect(await queueInPage(carol.page)).not.toContain(`${raised.at(-1)}:unack_active`);
    await proxy.restore();

    const expected = await queueInEngine(shared.engine);
    expect(expected.some((r) => r.endsWith(':unack_rtn'))).toBe(true);
    expect(expected.some((r) => r.endsWith(':ack_active'))).toBe(true);
    await expect.poll(() => queueInPage(carol.page), { timeout: 20_000, interval: 250 }).toEqual(expected);
    // What carol sees of alice's acknowledgements made while her link was down names alice.
    for (const id of raised.slice(1, 6)) {
      // (raised[0] is press-10, which returned to normal after its acknowledgement and left the queue)
      expect(await alarmRow(carol.page, id).locator('[data-testid="alarm-ack-info"]').textContent()).toContain(
        'Acknowledged by alice',
      );
    }
    expect(carol.errors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load resource/.test(e))).toEqual([]);
  }, 180_000);
});
