// A Prometheus scrape source in the browser against `watchfloor serve`: the Sources screen shows
// each target up or down with its last scrape; Settings → Sources adds one with its form, tests
// it (a real scrape of Debian's prometheus-node-exporter) and saves it, and its readings arrive.
// Screenshots at 1920, 1366 and 390 px wide go to test-results/prometheus-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../src/shared/domain';
import { launchChromium } from '../support/browser';
import { nodeExporterMissing, startNodeExporter, type Exporter } from '../support/prometheus-exporters';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const missing = nodeExporterMissing();
if (missing) console.warn(`prometheus-source.test.ts skipped: ${missing}`);
const SHOTS = process.env.WATCHFLOOR_SCREENSHOTS ?? 'test-results';

describe.skipIf(missing !== undefined)('a Prometheus source in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let node: Exporter;
  let down: Server;
  let downUrl = '';
  const health = async () => (await (await fetch(`${serve.url}/api/health`)).json()) as Health;

  beforeAll(async () => {
    node = await startNodeExporter();
    down = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    downUrl = `http://127.0.0.1:${(down.address() as { port: number }).port}/metrics`;
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        simulator: { enabled: false },
        broker: { port: 0 },
        sources: {
          mqtt: [],
          prometheus: [
            {
              id: 'servers',
              targets: [node.url, downUrl],
              intervalMs: 2000,
              timeoutMs: 1000,
              metrics: { allow: ['node_load*', 'node_memory_Mem*'] },
            },
          ],
        },
      }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await node?.stop();
    down?.closeAllConnections();
    down?.close();
    dir?.remove();
  });

  it('shows each target up or down on the Sources screen, with the reason', async () => {
    await page.goto(`${serve.url}/#sources`);
    const card = page.locator('[data-testid="source-card"][data-source-id="servers"]');
    await expect
      .poll(() => card.locator('[data-testid="source-target"][data-up="true"]').count(), { timeout: 15_000 })
      .toBe(1);
    expect(await card.locator('[data-testid="source-kind"]').textContent()).toBe('Prometheus');
    const up = card.locator('[data-testid="source-target"][data-up="true"]');
    expect(await up.textContent()).toContain(node.url);
    expect(await up.locator('[data-testid="source-target-figures"]').textContent()).toMatch(
      /\d\d:\d\d:\d\d .*· \d+(\.\d)? (ms|s) · \d+ samples/,
    );
    const bad = card.locator('[data-testid="source-target"][data-up="false"]');
    expect(await bad.textContent()).toContain('Down');
    expect(await bad.locator('[data-testid="source-target-error"]').textContent()).toBe('HTTP 503 Service Unavailable');
    expect(await card.getAttribute('data-connected')).toBe('false');
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(SHOTS, `prometheus-sources-${width}.png`) });
    }
  });

  it('adds a source in Settings → Sources: the form tests a real scrape, saves, and readings arrive', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${serve.url}/#settings/sources`);
    await page.locator('[data-testid="prometheus-section"]').waitFor();
    await page.locator('[data-testid="add-prometheus"]').click();
    await page.locator('[data-testid="prometheus-id"]').fill('node-only');
    await page.locator('[data-testid="prometheus-targets"]').fill('ftp://nowhere');
    await page.locator('[data-testid="source-save"]').click();
    // The schema's message at the field, before anything is sent.
    expect(await page.locator('[data-testid="error-source.targets"]').textContent()).toMatch(/http:\/\/ or https:\/\//);

    await page.locator('[data-testid="prometheus-targets"]').fill(node.url);
    await page.locator('[data-testid="prometheus-interval"]').fill('2');
    await page.locator('[data-testid="prometheus-timeout"]').fill('1');
    await page.locator('[data-testid="prometheus-device"]').fill('edge-{{job}}');
    await page.locator('[data-testid="prometheus-allow"]').fill('node_load1, node_load5');
    await page.locator('[data-testid="source-test"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent(), { timeout: 15_000 })
      .toMatch(/\d+ samples \(text 0\.0\.4\), 2 readings for 1 devices/);
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="prometheus-form"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `prometheus-form-${width}.png`) });
    }
    await page.locator('[data-testid="source-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Source node-only: saved and applied');
    expect(await page.locator('[data-testid="item-node-only"]').textContent()).toContain('device edge-{{job}}');
    await expect
      .poll(
        async () => {
          const res = await fetch(`${serve.url}/api/devices/edge-node-only/current`);
          return res.ok ? JSON.stringify(await res.json()) : '';
        },
        { timeout: 15_000 },
      )
      .toContain('node_load1');
    expect((await health()).sources.find((s) => s.id === 'node-only')?.targets?.[0]).toMatchObject({ up: true });
  });
});
