// Issue 17 (part K) in a real browser against `watchfloor serve` running the default plant: the
// KPI screen names the window its rates are over (the minutes since the engine started, not 24
// hours) and gives no EEMUA band before ten minutes; the notification log pages on the engine,
// its summary counts outcomes with their reasons, and its To column stays one line at 1366 and
// 390 px with no sideways scrolling and a bounded height.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const RECIPIENTS = Array.from({ length: 8 }, (_, i) => `shift-engineer-${i + 1}@plant.example.com`);
const SENDS = 30;

describe('KPI window and notification log', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;

  const open = async (width: number, height: number, route: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${serve.url}/#${route}`);
    return page;
  };

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    // The default plant runs (for the KPIs); mail goes to a port nobody listens on, so each test send fails at once.
    writeFileSync(
      config,
      JSON.stringify({
        notifications: {
          smtp: { host: '127.0.0.1', port: 9, security: 'none', from: 'watchfloor@plant.example.com' },
          routes: [], // the plant's own alarms stay out of the log: only the sends below are in it
        },
      }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    const channel = createWebSocketChannel(serve.url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    const client = createClient(channel);
    for (let i = 0; i < SENDS; i++) {
      await client.request('notifications.test', { channel: 'email', emailTo: RECIPIENTS });
    }
    await client.request('notifications.test', { channel: 'desktop' }); // no window open: not shown
    client.close();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('averages over the minutes since the engine started, says so, and gives no band before ten minutes', async () => {
    const page = await open(1366, 768, 'kpis');
    const window = page.locator('[data-testid="kpi-window"]');
    await window.waitFor();
    const text = (await window.textContent()) ?? '';
    expect(text).toMatch(/over the last \d+ min \(since the engine started at \d{1,2}:\d{2}/);
    expect(text).not.toContain('24 hours');
    const bands = await page.locator('[data-testid="kpi-average-band"]').allTextContents();
    for (const b of bands) expect(b).toContain('too short to judge');
    await page.close();
  });

  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    it(`pages the log with a summary, To on one line and no sideways scroll at ${width} px`, async () => {
      const page = await open(width, height, 'settings/notifications');
      const log = page.locator('[data-testid="notify-log"]');
      await page.locator('[data-testid="notify-log-row"]').first().waitFor();

      const summary = page.locator('[data-testid="notify-summary"]');
      expect(await summary.locator('[data-status="failed"]').textContent()).toContain(`${SENDS} failed`);
      expect(await summary.locator('[data-status="not_shown"]').textContent()).toContain('1 not shown');
      const reasons = await page.locator('[data-testid="notify-summary-reasons"] li').allTextContents();
      expect(reasons.some((r) => r.startsWith(`${SENDS}× failed:`))).toBe(true);
      expect(
        reasons.some((r) => r.includes('not shown: no control-room window that may show notifications is open')),
      ).toBe(true);

      // Paged: 25 of 31 on the first page, the rest one click older.
      expect(await page.locator('[data-testid="notify-log-row"]').count()).toBe(25);
      expect(await page.locator('[data-testid="notify-log-range"]').textContent()).toContain(`of ${SENDS + 1}`);
      await page.locator('[data-testid="notify-log-older"]').click();
      await expect.poll(() => page.locator('[data-testid="notify-log-row"]').count()).toBe(SENDS + 1 - 25);

      // The To cell of an email to eight people is one line, cut with the whole list in its title.
      // (Strings: the tests are compiled without the DOM's types.)
      const [lines, title] = await page.evaluate<[number, string | null]>(`(() => {
        const el = document.querySelector('[data-testid="notify-log-target"]');
        const range = document.createRange();
        range.selectNodeContents(el);
        return [new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size, el.getAttribute('title')];
      })()`);
      expect(lines).toBe(1);
      expect(title).toContain(RECIPIENTS[7]);

      const [scrollWidth, clientWidth] = await page.evaluate<[number, number]>(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      );
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      // 25 entries on one page: at most ~4 lines each on a phone, one line each on a desktop.
      const box = (await log.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width); // not cut off at the right either
      expect(box.height).toBeLessThan(width < 500 ? 3600 : 1400);
      await page.close();
    });
  }
});
