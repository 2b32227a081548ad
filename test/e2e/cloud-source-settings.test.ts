// Settings → Sources, "Cloud monitor sources", in a real browser against `watchfloor serve`: the
// preset selector changes the connection fields; a CloudWatch source pointed at the loopback
// stand-in (no cloud is reachable here) is tested ("Test connection" says what came back), saved,
// and its points arrive; a wrong Azure secret is reported by the test; the stored client secret does
// not come back to the form. With SCREENSHOT_DIR set, the form is photographed at three widths.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startCloudStandin, type CloudStandin } from '../support/cloud-monitor-standin';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const MIN = 60_000;
const VM = '/subscriptions/0000/resourceGroups/plant/providers/Microsoft.Compute/virtualMachines/historian';

describe('Cloud monitor sources in Settings → Sources', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let standin: CloudStandin;
  const shots = process.env.SCREENSHOT_DIR;

  async function shoot(name: string) {
    if (!shots) return;
    for (const [w, h] of [
      [1920, 1080],
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.locator('[data-testid="cloud-form"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `${name}-${w}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
  }

  beforeAll(async () => {
    standin = await startCloudStandin();
    const end = Math.floor(Date.now() / MIN) * MIN;
    const points = Array.from({ length: 5 }, (_, i): [number, number] => [end - (5 - i) * MIN, 40 + i]);
    standin.cloudwatch.metrics = [
      { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: 'i-1' }, points },
    ];
    standin.azure.resources.set(VM, [{ name: 'Percentage CPU', unit: 'Percent', timeseries: [{ dims: {}, points }] }]);
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, broker: { port: 0 }, sources: { mqtt: [] } }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${serve.url}/#settings/sources`);
    await page.locator('[data-testid="sources-tab"]').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await standin?.close();
    dir?.remove();
  });

  it('tests and saves a CloudWatch source, and its points arrive under the mapped device', async () => {
    await page.locator('[data-testid="add-cloud"]').click();
    expect(await page.locator('[data-testid="cloud-tenant"]').count()).toBe(1);
    await page.locator('[data-testid="cloud-preset"]').selectOption('cloudwatch');
    expect(await page.locator('[data-testid="cloud-tenant"]').count()).toBe(0);
    await page.locator('[data-testid="cloud-id"]').fill('aws-plant');
    await page.locator('[data-testid="cloud-region"]').fill(standin.cloudwatch.region);
    await page.locator('[data-testid="cloud-access-key"]').fill(standin.cloudwatch.accessKeyId);
    await page.locator('[data-testid="cloud-secret-key"]').fill(standin.cloudwatch.secretAccessKey);
    await page.getByLabel('Endpoint (empty: the region’s)').fill(`${standin.url}/`);
    await page
      .locator('[data-testid="cloud-series"]')
      .fill('gateway-1 | cpu | AWS/EC2 | CPUUtilization | Average | percent | InstanceId=i-1');
    await shoot('cloud-form-cloudwatch');

    await page.locator('[data-testid="source-test"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toMatch(/1 request to http:\/\/127\.0\.0\.1:\d+\/: 5 points in 1 series, latest \d\d:\d\d:00 UTC/);

    await page.locator('[data-testid="source-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Source aws-plant: saved and applied');
    expect(await page.locator('[data-testid="item-aws-plant"]').textContent()).toContain(
      'CloudWatch eu-west-1 · 1 series',
    );
    await expect
      .poll(
        async () => {
          const res = await fetch(`${serve.url}/api/devices/gateway-1/current`);
          return res.ok ? JSON.stringify(await res.json()) : '';
        },
        { timeout: 15_000 },
      )
      .toContain('44');
  });

  it('shows a series line error at the list and a refused Azure secret from Test connection', async () => {
    await page.locator('[data-testid="add-cloud"]').click();
    await page.locator('[data-testid="cloud-id"]').fill('azure-plant');
    await page.locator('[data-testid="cloud-tenant"]').fill(standin.azure.tenant);
    await page.locator('[data-testid="cloud-client"]').fill(standin.azure.clientId);
    await page.locator('[data-testid="cloud-client-secret"]').fill('wrong-secret');
    await page.getByLabel('Login endpoint').fill(standin.url);
    await page.getByLabel('Management endpoint').fill(standin.url);
    await page.locator('[data-testid="cloud-series"]').fill('historian | cpu');
    await page.locator('[data-testid="source-save"]').click();
    const seriesError = page.locator('[data-testid="error-source.series"]');
    await seriesError.waitFor();
    expect(await seriesError.textContent()).toBe('line 1: needs at least device | signal | resource | metric');

    await page.locator('[data-testid="cloud-series"]').fill(`historian | cpu | ${VM} | Percentage CPU | Average`);
    await shoot('cloud-form-azure');
    await page.locator('[data-testid="source-test"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toMatch(/Entra ID token: credentials refused \(HTTP 401\): AADSTS7000215/);

    await page.locator('[data-testid="cloud-client-secret"]').fill(standin.azure.clientSecret);
    await page.locator('[data-testid="source-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sources-status"]').textContent())
      .toContain('Source azure-plant: saved and applied');
    await page.locator('[data-testid="edit-azure-plant"]').click();
    // The stored secret does not come back to the page: the field is empty and says it is set.
    expect(await page.locator('[data-testid="cloud-client-secret"]').inputValue()).toBe('');
    expect(await page.locator('[data-testid="cloud-client-secret"]').getAttribute('placeholder')).toBe(
      'set — leave empty to keep',
    );
    await shoot('cloud-form-azure-saved');
  });

  it('shows each cloud source on the Sources screen: its kind, points and last answered poll', async () => {
    await page.goto(`${serve.url}/#sources`);
    const aws = page.locator('[data-testid="source-card"][data-source-id="aws-plant"]');
    await aws.waitFor();
    expect(await aws.locator('[data-testid="source-kind"]').textContent()).toBe('Cloud monitor');
    // Each source's first poll may still be on its way under load: wait for it, as a user would.
    await expect.poll(() => aws.getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => aws.locator('[data-testid="source-messages"]').textContent(), { timeout: 15_000 })
      .toBe('5');
    expect(await aws.locator('[data-testid="source-last-message"]').textContent()).not.toBe('never');
    const azure = page.locator('[data-testid="source-card"][data-source-id="azure-plant"]');
    await expect.poll(() => azure.getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => azure.locator('[data-testid="source-messages"]').textContent(), { timeout: 15_000 })
      .toBe('5');
    if (shots) {
      for (const [w, h] of [
        [1920, 1080],
        [1366, 768],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await aws.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `cloud-sources-view-${w}.png`) });
      }
    }
  });
});
