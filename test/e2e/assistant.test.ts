// The assistant in a real browser against `watchfloor serve`, with the Ollama stand-in as the
// configured server (the only stand-in; product code talks to it as to Ollama): an alarm on the
// simulator's fleet gets a report whose citations show in its details (E from the queue), a
// citation opens the passage highlighted in the viewer, a free question streams its answer token
// by token, Escape cancels one (the stand-in sees the connection close), the device view asks with
// its device as context, the Knowledge view searches and says why a file could not be read,
// Settings → Assistant names a missing model's `ollama pull` and refuses a bad URL by its field,
// and — with the stand-in stopped — a regenerated report is the fallback "From the runbooks alone".
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceInput } from '../../src/shared/domain';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';

const CHAT_MODEL = 'llama3.2:3b';
const EMBED_MODEL = 'nomic-embed-text';

/** What a model told to answer in the report's JSON schema sends (reports/report-schema.ts). */
const MODEL_REPORT = {
  severity: 'high',
  category: 'process',
  summary: 'Discharge pressure above the high limit: a restriction downstream is the likely cause [1].',
  causes: [{ text: 'Blocked or closed outlet valve downstream of the transmitter', citations: [1] }],
  actions: [
    { text: 'Check the outlet valve position in the field', citations: [1] },
    { text: 'Compare the transmitter with the local gauge', citations: [1] },
  ],
  confidence: 'medium',
};

describe('the assistant in the control room', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let ollama: OllamaStandin;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let alarmId = 0;
  const consoleErrors: string[] = [];

  /** A reading on the simulator's topic, as the simulator publishes it. */
  async function publish(deviceId: string, sensorType: string, value: number) {
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    await pub.publishAsync(
      `watchfloor/devices/${deviceId}/telemetry`,
      JSON.stringify({ deviceId, timestamp: new Date().toISOString(), sensorType, value, status: 'ok' }),
      { qos: 1 },
    );
    await pub.endAsync();
  }

  const panel = () => page.locator('[data-testid="assistant-panel"]');

  beforeAll(async () => {
    dir = makeTempDir();
    ollama = await startOllamaStandin({ models: [CHAT_MODEL, EMBED_MODEL] });
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({
        simulator: { anomalyRate: 0 },
        detection: { kindDefaults: false },
        devices: defaults.devices,
        assistant: { baseUrl: ollama.url, chatModel: CHAT_MODEL, embeddingModel: EMBED_MODEL },
      }),
    );
    // The shipped runbooks are found by the built serve itself (resources/knowledge); the data
    // folder's knowledge/ gets a file that cannot be read.
    mkdirSync(join(dir.path, 'data', 'knowledge'), { recursive: true });
    // A file that cannot be read: the rest still index, and the UI says why.
    writeFileSync(join(dir.path, 'data', 'knowledge', 'scanned-manual.pdf'), 'this is not a PDF');
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    collectPageErrors(page, consoleErrors);
    await page.goto(serve.url);
    await page.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await serve?.stop();
    await ollama?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('writes a report for a new high alarm and shows it with its citations in the alarm details (E)', async () => {
    ollama.queueChat({ json: MODEL_REPORT });
    await publish('device-002', 'pressure', 70); // > 55: a high alarm, reported in the background
    await page.keyboard.press('2');
    const row = page.locator('[data-testid="alarm-row"][data-device-id="device-002"]');
    await row.waitFor({ timeout: 10_000 });
    alarmId = Number(await row.getAttribute('data-alarm-id'));
    await row.click();
    await page.locator('body').focus();
    await page.keyboard.press('e');

    // The focus moves into the assistant, which shows the alarm's report once it is written.
    await panel().waitFor({ timeout: 10_000 });
    await expect.poll(() => panel().evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    expect(await panel().getAttribute('data-alarm-id')).toBe(String(alarmId));
    const report = panel().locator('[data-testid="report"]');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getAttribute('data-source')).toBe('model');
    expect(await panel().locator('[data-testid="report-summary"]').textContent()).toContain('restriction downstream');
    expect(await panel().locator('[data-testid="report-actions"] li').count()).toBe(2);
    expect(await panel().locator('[data-testid="report-meta"]').textContent()).toContain(CHAT_MODEL);
    // The stand-in was asked for a structured answer (Ollama's `format`).
    const chat = ollama.requestsTo('/api/chat').at(-1)!;
    expect((chat.body as { format?: unknown }).format).toBeTruthy();

    // Useful / Not useful is stored and stays shown.
    await panel().locator('[data-testid="report-useful"]').click();
    await expect.poll(() => panel().locator('[data-testid="report-useful"]').getAttribute('aria-pressed')).toBe('true');
    expect(await panel().locator('[data-testid="report-feedback"]').textContent()).toContain('useful');
  });

  it('opens a citation in the viewer with the passage highlighted, and Escape gives the focus back', async () => {
    const cite = panel().locator('[data-testid="report-summary"] [data-testid="cite"]').first();
    expect(await cite.textContent()).toBe('[1]');
    await cite.click();
    const viewer = page.locator('[data-testid="document-viewer"]');
    await viewer.waitFor();
    const mark = viewer.locator('[data-testid="viewer-highlight"]').first();
    await mark.waitFor({ timeout: 10_000 });
    expect((await mark.textContent())!.trim().length).toBeGreaterThan(20);
    expect(await viewer.getAttribute('data-path')).toMatch(/\.(md|txt|html|pdf)$/);
    await expect.poll(() => mark.isVisible()).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
    expect(await cite.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  });

  it('streams the answer to a free question token by token, then shows it with its citations', async () => {
    const tokens = ['Check ', 'the ', 'outlet ', 'valve ', 'first ', '[1]', '.'];
    ollama.queueChat({ tokens, delayMs: 300 });
    const input = panel().locator('[data-testid="ask-input"]');
    await input.click();
    await page.keyboard.type('What do I check first?');
    await page.keyboard.press('Enter');

    const streamed = panel().locator('[data-testid="answer-streamed"]');
    // Part of the answer is on screen before the whole of it has arrived.
    await expect.poll(() => streamed.textContent(), { timeout: 15_000 }).toMatch(/^Check the/);
    expect(await streamed.textContent()).not.toContain('[1].');
    const turn = panel().locator('[data-testid="turn"]').last();
    await expect.poll(() => turn.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await turn.locator('[data-testid="answer"]').textContent()).toContain('Check the outlet valve first');
    expect(await turn.locator('[data-testid="answer"] [data-testid="cite"]').count()).toBe(1);
    // The question went to the model with the alarm as context and the passages sent.
    const chat = ollama.requestsTo('/api/chat').at(-1)!;
    expect(JSON.stringify(chat.body)).toContain('What do I check first?');
  });

  it('cancels an answer on its way with Escape: the generation stops at once', async () => {
    ollama.queueChat({ tokens: ['Slowly ', 'thinking '], delayMs: 200, then: 'hang' });
    const before = ollama.requestsTo('/api/chat').length;
    const input = panel().locator('[data-testid="ask-input"]');
    await input.click();
    await page.keyboard.type('And then?');
    await page.keyboard.press('Enter');
    const turn = panel().locator('[data-testid="turn"]').last();
    await expect
      .poll(() => turn.locator('[data-testid="answer-streamed"]').textContent(), { timeout: 15_000 })
      .toContain('Slowly');
    await expect.poll(() => ollama.requestsTo('/api/chat').length).toBe(before + 1);
    const request = ollama.requestsTo('/api/chat').at(-1)!;
    const pressed = performance.now();
    await page.keyboard.press('Escape');
    await expect.poll(() => turn.getAttribute('data-state')).toBe('cancelled');
    const closedAt = await ollama.closed(request, 2000);
    expect(closedAt - pressed).toBeLessThan(1000);
    expect(request.completed).toBe(false);
    // Escape went to the answer, not to the view: still on the alarms with the panel open.
    expect(await panel().count()).toBe(1);
  });

  it('asks from the device view with the device as context', async () => {
    ollama.queueChat({ tokens: ['Compare PT-201 ', 'with PI-201 ', '[1].'], delayMs: 50 });
    await page.goto(`${serve.url}/#device/device-002`);
    await page.locator('[data-testid="device-assistant-toggle"]').click();
    const devicePanel = page.locator('[data-testid="assistant-panel"][data-device-id="device-002"]');
    await devicePanel.waitFor({ timeout: 10_000 });
    await devicePanel.locator('[data-testid="ask-input"]').fill('Is the transmitter lying?');
    await devicePanel.locator('[data-testid="ask-send"]').click();
    const turn = devicePanel.locator('[data-testid="turn"]').last();
    await expect.poll(() => turn.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    expect(await turn.locator('[data-testid="answer"]').textContent()).toContain('Compare PT-201 with PI-201');
    // The prompt names the device the operator is looking at (prompts.ts: deviceContext).
    expect(JSON.stringify(ollama.requestsTo('/api/chat').at(-1)!.body)).toContain(
      'The device the operator is looking at: device-002',
    );
    // "New conversation" forgets it.
    await devicePanel.locator('[data-testid="new-conversation"]').click();
    expect(await devicePanel.locator('[data-testid="turn"]').count()).toBe(0);
  });

  it('searches the knowledge base, opens a document, and says why a file could not be read', async () => {
    await page.keyboard.press('Escape'); // back to the wall
    await page.keyboard.press('8');
    const view = page.locator('[data-testid="knowledge-view"]');
    await view.waitFor();
    const broken = view.locator('[data-testid="knowledge-doc"][data-status="error"]');
    await broken.waitFor({ timeout: 10_000 });
    expect(await broken.textContent()).toContain('scanned-manual.pdf');
    expect((await broken.locator('[data-testid="doc-reason"]').textContent())!.length).toBeGreaterThan(
      'not readable: '.length + 3,
    );
    // The six shipped runbooks, each once.
    expect(await view.locator('[data-testid="knowledge-doc"][data-status="ok"]').count()).toBe(6);

    await view.locator('[data-testid="knowledge-query"]').fill('PT-201');
    await page.keyboard.press('Enter');
    const hit = view.locator('[data-testid="knowledge-hit"]').first();
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.locator('em').first().textContent()).toMatch(/PT|201/);
    await hit.locator('button').click();
    const viewer = page.locator('[data-testid="document-viewer"]');
    await viewer.locator('[data-testid="viewer-highlight"]').first().waitFor({ timeout: 10_000 });
    // The passage is marked piece by piece (cut at its headings): together they hold the tag.
    const marked = (await viewer.locator('[data-testid="viewer-highlight"]').allTextContents()).join('');
    expect(marked).toContain('PT-201');
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
    expect(await view.count()).toBe(1);
  });

  it('names the pull command for a missing model and refuses a bad URL by its field (Settings → Assistant)', async () => {
    await page.goto(`${serve.url}/#settings/assistant`);
    const tab = page.locator('[data-testid="assistant-tab"]');
    await tab.waitFor({ timeout: 10_000 });
    expect(await tab.locator('[data-testid="ollama-state"]').getAttribute('data-state')).toBe('ready');

    await tab.locator('[data-testid="assistant-base-url"]').fill('ftp://somewhere');
    await tab.locator('[data-testid="assistant-save"]').click();
    expect(await tab.locator('[data-testid="error-baseUrl"]').textContent()).toContain('http');

    await tab.locator('[data-testid="assistant-base-url"]').fill(ollama.url);
    await tab.locator('[data-testid="assistant-chat-model"]').fill('qwen2.5:7b');
    await tab.locator('[data-testid="assistant-save"]').click();
    await expect
      .poll(() => tab.locator('[data-testid="assistant-save-status"]').textContent())
      .toBe('Saved and applied.');
    await expect
      .poll(() => tab.locator('[data-testid="ollama-state"]').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('models-missing');
    expect(await tab.locator('[data-testid="pull-command"]').textContent()).toBe('ollama pull qwen2.5:7b');

    // Back to the configuration file's settings: the model is there again.
    await tab.locator('[data-testid="assistant-reset"]').click();
    await expect.poll(() => tab.locator('[data-testid="assistant-chat-model"]').inputValue()).toBe(CHAT_MODEL);
    await expect
      .poll(() => tab.locator('[data-testid="ollama-state"]').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('ready');
  });

  it('falls back to the runbooks alone when Ollama is gone: a regenerated report says so', async () => {
    await ollama.stop();
    await page.goto(`${serve.url}/#alarms`);
    const row = page.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('body').focus();
    await page.keyboard.press('e');
    await panel().locator('[data-testid="report"]').waitFor({ timeout: 10_000 });
    await panel().locator('[data-testid="report-regenerate"]').click();
    const fallback = panel().locator('[data-testid="report-fallback"]');
    await fallback.waitFor({ timeout: 20_000 });
    expect(await fallback.textContent()).toMatch(/^From the runbooks alone/);
    expect(await panel().locator('[data-testid="report"]').getAttribute('data-source')).toBe('retrieval');
    // Still cited from the runbook: its actions open passages.
    expect(await panel().locator('[data-testid="report-actions"] [data-testid="cite"]').count()).toBeGreaterThan(0);
    // The runbook section's safety notes come before anything to do.
    expect(await panel().locator('[data-testid="report-safety"] li').count()).toBeGreaterThan(0);
    expect(await panel().locator('[data-testid="report-meta"]').textContent()).toContain('without a model');
    expect(consoleErrors).toEqual([]);
  });
});
