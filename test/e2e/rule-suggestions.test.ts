// Suggested rule changes in a real browser against `watchfloor serve`: three short spikes past
// hi, labelled false alarms by an expert, appear in Settings → Rules as an on-delay suggestion
// with its reason and labels; accepting it (with a note) puts the rule in the list and the change
// log as the caller, and the suggestion in the decided history.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractClient } from '../../src/shared/rpc/client';
import { launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';
import { connectWs } from '../support/ws-client';

describe('suggested rule changes in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let ws: ContractClient;

  const ingest = (body: unknown) =>
    fetch(`${serve.url}/ingest/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = makeTempDir();
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { enabled: false }, detection: { kindDefaults: false }, broker: { port: 0 } }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    ws = await connectWs(serve.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    dir?.remove();
  });

  it('shows the suggestion from three labelled spikes, and accepting it saves and logs the rule', async () => {
    const t0 = Date.now() - 300_000;
    for (const [k, secs] of [2, 3, 4].entries()) {
      const t = t0 + k * 60_000;
      const values = [80, ...Array<number>(secs).fill(90), 80];
      const readings = values.map((value, i) => ({
        deviceId: 'device-001',
        sensorType: 'temperature',
        value,
        unit: 'celsius',
        timestamp: new Date(t + i * 1000).toISOString(),
      }));
      expect((await ingest(readings)).status).toBe(202);
      const alarm = await waitFor(async () => {
        const list = await ws.request('alarms.list', { devices: ['device-001'] });
        return list.find((a) => a.kind === 'high' && !a.conditionActive && a.raisedAt >= t);
      });
      await ws.request('alarms.acknowledge', { id: alarm.id });
      await ws.request('annotations.create', {
        deviceId: 'device-001',
        signal: 'temperature',
        from: t,
        to: t + values.length * 1000,
        verdict: 'false-alarm',
        cause: 'Operator action',
      });
    }

    await page.goto(`${serve.url}/#settings/rules`);
    const card = page.locator('[data-testid="suggestion"][data-series="device-001/temperature"]');
    await card.waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-testid="suggestion-change"]').textContent()).toBe('none → 5 s');
    const text = await card.textContent();
    expect(text).toContain('limits · on-delay');
    expect(text).toContain('3 of 3 labelled false alarms on device-001/temperature returned within 4 s');
    expect(text).toContain('Based on 3 labels');

    await card.locator('input').fill('spikes when the door opens');
    await card.locator('[data-testid="suggestion-accept"]').click();
    await expect
      .poll(() => page.locator('[data-testid="suggestion-status"]').textContent())
      .toContain('device-001 / temperature: on-delay none → 5 s saved and in force');
    await expect.poll(() => page.locator('[data-testid="suggestion"]').count()).toBe(0);
    const row = page.locator('[data-testid="rule-row"][data-target="device-001/temperature"]');
    await expect.poll(() => row.count()).toBe(1);
    const log = await page.locator('[data-testid="audit-row"]').first().textContent();
    expect(log).toContain('local');
    expect(log).toContain('device-001 / temperature');

    const history = page.locator('[data-testid="suggestion-history"]');
    await history.locator('summary').click();
    const past = await history.textContent();
    expect(past).toContain('Accepted');
    expect(past).toContain('spikes when the door opens');
    const effective = await ws.request('rules.effective', { device: 'device-001', signal: 'temperature' });
    expect(effective.rules.limits?.onDelayMs).toBe(5000);
    await page.screenshot({ path: 'test-results/rule-suggestion-accepted.png' });
  });
});
