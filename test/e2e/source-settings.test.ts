// Settings → Sources in a real browser against `watchfloor serve`: add an MQTT source with a
// topic template and see its readings arrive; a bad edit shows the error at its field and
// leaves the configuration file's source running.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../src/shared/domain';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

describe('Settings → Sources in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const health = async () => (await (await fetch(`${serve.url}/api/health`)).json()) as Health;

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        simulator: { enabled: false },
        broker: { port: 0 },
        sources: { mqtt: [{ id: 'plant', topics: ['watchfloor/devices/+/telemetry'] }] },
      }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${serve.url}/#settings/sources`);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('adds an MQTT source with a topic template, and its readings arrive', async () => {
    const tab = page.locator('[data-testid="sources-tab"]');
    await tab.waitFor();
    expect(await page.locator('[data-testid="item-plant"] [data-testid="origin"]').getAttribute('data-origin')).toBe(
      'file',
    );

    await page.locator('[data-testid="add-mqtt"]').click();
    await page.locator('[data-testid="mqtt-id"]').fill('line-2');
    await page.locator('[data-testid="mqtt-sub-kind-0"]').selectOption('template');
    await page.locator('[data-testid="mqtt-sub-text-0"]').fill('plant/{line}/{device}/{signal}');
    await page.locator('[data-testid="mqtt-sub-format-0"]').selectOption('value');
    await page.locator('[data-testid="source-save"]').click();

    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Source line-2: saved and applied');
    const row = page.locator('[data-testid="item-line-2"]');
    expect(await row.locator('[data-testid="origin"]').getAttribute('data-origin')).toBe('settings');
    expect(await row.textContent()).toContain('plant/{line}/{device}/{signal}');

    const h = await health();
    expect(h.sources.map((s) => s.id)).toContain('line-2');
    const pub = await mqtt.connectAsync(h.broker!.url);
    await pub.publishAsync('plant/l2/press-7/temperature', '55.5', { qos: 1 });
    await pub.endAsync();
    await expect
      .poll(
        async () => {
          const res = await fetch(`${serve.url}/api/devices/press-7/current`);
          return res.ok ? JSON.stringify(await res.json()) : '';
        },
        { timeout: 10_000 },
      )
      .toContain('55.5');

    // press-7 arrived unconfigured: configure it from here, with a limit.
    await page.reload();
    const configure = page.locator('[data-testid="configure-press-7"]');
    await configure.waitFor();
    await configure.click();
    await page.locator('[data-testid="device-location"]').fill('Hall 2');
    expect(await page.locator('[data-testid="signal-key-0"]').inputValue()).toBe('temperature');
    await page.locator('[data-testid="signal-hi-0"]').fill('90');
    await page.locator('[data-testid="source-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Device press-7: saved and applied');
    expect(await page.locator('[data-testid="item-press-7"] [data-testid="origin"]').getAttribute('data-origin')).toBe(
      'settings',
    );
    const device = (await (await fetch(`${serve.url}/api/devices/press-7`)).json()) as {
      data: { unconfigured: boolean; location: string; signals: { limits: { hi?: number } }[] };
    };
    expect(device.data).toMatchObject({ unconfigured: false, location: 'Hall 2' });
    expect(device.data.signals[0]!.limits.hi).toBe(90);
  });

  it('shows a bad edit at its field and keeps the file’s source', async () => {
    await page.locator('[data-testid="edit-plant"]').click();
    await page.locator('[data-testid="mqtt-url"]').fill('http://broker.plant:1883');
    await page.locator('[data-testid="source-save"]').click();
    const urlError = page.locator('[data-testid="error-source.url"]');
    await urlError.waitFor();
    expect(await urlError.textContent()).toContain('mqtt://');

    // The engine's own checks come back the same way: a dead-letter topic that is also consumed.
    await page.locator('[data-testid="mqtt-url"]').fill('');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="add-kafka"]').click();
    await page.locator('[data-testid="kafka-id"]').fill('plant-kafka');
    await page.locator('[data-testid="kafka-brokers"]').fill('127.0.0.1:9');
    await page.locator('[data-testid="kafka-topics"]').fill('telemetry, rejected');
    await page.locator('[data-testid="kafka-dlq"]').fill('rejected');
    await page.locator('[data-testid="source-save"]').click();
    const dlqError = page.locator('[data-testid="error-source.dlqTopic"]');
    await dlqError.waitFor();
    expect(await dlqError.textContent()).toContain('would loop');
    expect(await page.locator('[data-testid="sources-status"]').textContent()).toContain('not saved');

    expect(await page.locator('[data-testid="item-plant"] [data-testid="origin"]').getAttribute('data-origin')).toBe(
      'file',
    );
    const h = await health();
    expect(h.sources.find((s) => s.id === 'plant')).toMatchObject({ connected: true });
    expect(h.sources.map((s) => s.id)).not.toContain('plant-kafka');
  });

  it('sets the reading times: a bad value is marked at its field, a saved limit refuses old readings at once', async () => {
    await page.getByRole('button', { name: 'Cancel' }).click();
    const section = page.locator('[data-testid="reading-times-section"]');
    expect(await section.locator('[data-testid="origin"]').getAttribute('data-origin')).toBe('file');
    expect(await section.locator('[data-testid="reading-times-future"]').inputValue()).toBe('5');
    expect(await section.locator('[data-testid="reading-times-max-age"]').inputValue()).toBe('');
    expect(await section.locator('[data-testid="reading-times-live"]').inputValue()).toBe('15');

    await section.locator('[data-testid="reading-times-future"]').fill('-2');
    await section.locator('[data-testid="reading-times-save"]').click();
    await section.locator('[data-testid="error-value.maxFutureMs"]').waitFor();
    expect(await page.locator('[data-testid="sources-status"]').textContent()).toContain('Reading times: not saved');

    await section.locator('[data-testid="reading-times-future"]').fill('2');
    await section.locator('[data-testid="reading-times-max-age"]').fill('1');
    await section.locator('[data-testid="reading-times-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Reading times: saved and applied');
    expect(await section.locator('[data-testid="origin"]').getAttribute('data-origin')).toBe('edited');
    expect(await section.locator('[data-testid="error-value.maxFutureMs"]').count()).toBe(0);

    // A reading two days old is now refused, with the limit named in the dead letter.
    const old = { deviceId: 'press-7', sensorType: 'temperature', value: 50, timestamp: Date.now() - 2 * 86_400_000 };
    const res = await fetch(`${serve.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(old),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('ingest.maxAgeMs');

    await section.getByRole('button', { name: 'Use the configuration file’s' }).click();
    await expect.poll(() => section.locator('[data-testid="origin"]').getAttribute('data-origin')).toBe('file');
    expect(await section.locator('[data-testid="reading-times-max-age"]').inputValue()).toBe('');
  });
});
