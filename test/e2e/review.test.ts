// Expert review in a real browser against `watchfloor serve`: closed alarms wait in the Review
// queue; an expert clears them with one key per verdict (a cause chosen beforehand, a note on
// one, one taken back with u); the labels are then found in Labels with their verdicts and
// author, by words and by verdict; they are exported as CSV and JSON, and the JSON imported into
// a second, fresh engine gives the same labels; a file with a bad line says which and why.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Download, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/contract';
import type { DeviceInput } from '../../src/shared/domain';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createWebSocketChannel, type WebSocketConstructor } from '../../src/shared/rpc/websocket-channel';
import { collectPageErrors, launchChromium } from '../support/browser';
import { startServeProcess, type ServeProcess } from '../support/serve-process';
import { makeTempDir } from '../support/temp-dir';
import { waitFor } from '../support/wait';

/** Readings over the default fleet's limits: each raises an alarm the simulator then brings back. */
const EXCURSIONS: [string, string, number][] = [
  ['device-001', 'temperature', 99],
  ['device-002', 'pressure', 70],
  ['device-003', 'vibration', 150],
  ['device-005', 'quality_score', 50],
];

/** The fields a label keeps through export and import (times of the row itself aside). */
interface FileLabel {
  id: string;
  series: string;
  start: string;
  end: string;
  verdict: string;
  cause: string | null;
  text: string;
  author: string;
  target: string;
  deleted: boolean;
}
const comparable = (rows: FileLabel[]) =>
  rows
    .map(({ id, series, start, end, verdict, cause, text, author, target, deleted }) => ({
      id,
      series,
      start,
      end,
      verdict,
      cause,
      text,
      author,
      target,
      deleted,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('expert review', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let fresh: ServeProcess | undefined;
  let browser: Browser;
  let page: Page;
  let client: ContractClient;
  const pageErrors: string[] = [];
  let exportedJson = '';
  let exportedCsv = '';

  const connect = async (url: string) => {
    const channel = createWebSocketChannel(url.replace('http', 'ws') + '/ws', {
      WebSocketImpl: WebSocket as unknown as WebSocketConstructor,
    });
    await channel.opened;
    return createClient(channel);
  };

  const queueRows = () => page.locator('[data-testid="queue-row"]');
  const selectedKey = () => page.locator('[data-testid="queue-row"][aria-selected="true"]').getAttribute('data-key');
  const counter = () => page.locator('[data-testid="queue-counter"]').textContent();
  const labelRows = () => page.locator('[data-testid="label-row"]');

  async function download(testId: string): Promise<{ name: string; content: string }> {
    const [file] = (await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-testid="${testId}"]`).click(),
    ])) as [Download, unknown];
    const path = join(dir.path, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), content: readFileSync(path, 'utf8') };
  }

  beforeAll(async () => {
    dir = makeTempDir();
    const defaults = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'default-config.json'), 'utf8')) as {
      devices: DeviceInput[];
    };
    const config = join(dir.path, 'watchfloor.json');
    writeFileSync(
      config,
      JSON.stringify({ simulator: { anomalyRate: 0 }, detection: { kindDefaults: false }, devices: defaults.devices }),
    );
    serve = await startServeProcess(['--data', join(dir.path, 'data'), '--config', config]);
    client = await connect(serve.url);

    // Alarms that return (the simulator's next normal reading) and are acknowledged: closed.
    const health = (await (await fetch(`${serve.url}/api/health`)).json()) as { broker: { url: string } };
    const pub = await mqtt.connectAsync(health.broker.url);
    for (const [deviceId, sensorType, value] of EXCURSIONS)
      await pub.publishAsync(
        `watchfloor/devices/${deviceId}/telemetry`,
        JSON.stringify({ deviceId, timestamp: Date.now(), sensorType, value }),
        { qos: 1 },
      );
    await pub.endAsync();
    await waitFor(
      async () => (await client.request('alarms.list', { states: ['unack_rtn'] })).length >= EXCURSIONS.length,
      { timeoutMs: 20_000, what: 'the alarms to return' },
    );
    for (const alarm of await client.request('alarms.list', { states: ['unack_rtn'] }))
      await client.request('alarms.acknowledge', { id: alarm.id, comment: 'seen' });
    await waitFor(async () => (await client.request('annotations.queue', { days: 1 })).total >= EXCURSIONS.length, {
      what: 'the closed alarms in the review queue',
    });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    collectPageErrors(page, pageErrors);
    await page.goto(serve.url);
    await page.locator('[data-testid="tile"]').first().waitFor({ timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await fresh?.stop();
    const code = await serve?.stop();
    dir?.remove();
    expect(code).toBe(0);
  });

  it('lists the closed alarms in the queue, newest first, and clears them one key each', async () => {
    await page.keyboard.press('9');
    await queueRows().first().waitFor({ timeout: 10_000 });
    const { items, total } = await client.request('annotations.queue', { days: 7 });
    expect(await queueRows().count()).toBe(items.length);
    expect(await queueRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(
      items.map((i) => i.key),
    );
    expect(await counter()).toBe(`cleared 0 · ${total} left`);
    expect(await selectedKey()).toBe(items[0]!.key);

    // A cause chosen first stays for the next labels; a note goes with the next one only.
    await page.locator('[data-testid="queue-cause"]').selectOption('Sensor fault');
    await page.locator('[data-testid="queue-note"]').fill('Bearing noise after the filter change');
    await page.keyboard.press('Escape');
    await page.keyboard.press('2'); // false alarm, on items[0]
    await expect.poll(selectedKey).toBe(items[1]!.key);
    await page.keyboard.press('j'); // skip items[1]
    await expect.poll(selectedKey).toBe(items[2]!.key);
    await page.keyboard.press('1'); // true anomaly, on items[2]
    await page.keyboard.press('k');
    await expect.poll(selectedKey).toBe(items[1]!.key);
    await page.keyboard.press('4'); // bad data, on items[1]
    await expect.poll(counter).toBe(`cleared 3 · ${total - 3} left`);
    // The digits stayed in the queue: still the Review view.
    expect(await page.locator('[data-testid="review"]').count()).toBe(1);

    // u takes the last one back: the row returns, selected, and the engine has it deleted.
    await page.keyboard.press('u');
    await expect.poll(counter).toBe(`cleared 2 · ${total - 2} left`);
    await expect.poll(selectedKey).toBe(items[1]!.key);
    await page.keyboard.press('3'); // maintenance instead
    await expect.poll(counter).toBe(`cleared 3 · ${total - 3} left`);

    // Enter opens the chart at the selected row; Back returns to the queue as it was left.
    const nextKey = await selectedKey();
    const next = items.find((i) => i.key === nextKey)!;
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toMatch(new RegExp(`^#device/${next.deviceId}@\\d+$`));
    const at = Number(new URL(page.url()).hash.split('@')[1]);
    expect(at).toBeGreaterThanOrEqual(next.from);
    expect(at).toBeLessThanOrEqual(next.to);
    await page.goBack();
    await expect.poll(counter).toBe(`cleared 3 · ${total - 3} left`);
    expect(await selectedKey()).toBe(next.key);

    // A label made elsewhere (a colleague, the chart) takes its event out of the queue; deleted, it is back.
    const last = items[3]!;
    const elsewhere = await client.request('annotations.create', {
      deviceId: last.deviceId,
      signal: last.signal,
      from: last.from,
      to: last.to,
      verdict: 'unsure',
      target: last.target,
    });
    const rowOf = (key: string) => page.locator(`[data-testid="queue-row"][data-key="${key}"]`);
    await expect.poll(() => rowOf(last.key).count(), { timeout: 10_000 }).toBe(0);
    await client.request('annotations.delete', { id: elsewhere.id, revision: elsewhere.revision });
    await expect.poll(() => rowOf(last.key).count(), { timeout: 10_000 }).toBe(1);
    expect(await counter()).toBe(`cleared 3 · ${total - 3} left`);

    await expect.poll(async () => (await client.request('annotations.list', {})).items.length).toBe(3);
    const labels = (await client.request('annotations.list', {})).items;
    const byTarget = (i: number) => labels.find((a) => JSON.stringify(a.target) === JSON.stringify(items[i]!.target));
    expect(byTarget(0)).toMatchObject({ verdict: 'false-alarm', cause: 'Sensor fault', author: 'local' });
    expect(byTarget(0)!.text).toBe('Bearing noise after the filter change');
    expect(byTarget(2)).toMatchObject({ verdict: 'true-anomaly', cause: 'Sensor fault', text: '' });
    expect(byTarget(1)).toMatchObject({ verdict: 'maintenance', from: items[1]!.from, deviceId: items[1]!.deviceId });
    // The label taken back is kept deleted, with its history.
    const all = await client.request('annotations.list', { includeDeleted: true });
    expect(
      all.items
        .filter((a) => a.deleted)
        .map((a) => a.verdict)
        .sort(),
    ).toEqual(['bad-data', 'unsure']);
  });

  it('finds the labels in Labels by verdict and by words, with their author', async () => {
    await page.locator('[data-testid="review-tab-labels"]').click();
    await expect.poll(() => labelRows().count(), { timeout: 10_000 }).toBe(3);
    expect(await labelRows().locator('[data-testid="label-author-cell"]').allTextContents()).toEqual([
      'local',
      'local',
      'local',
    ]);

    await page.locator('[data-testid="label-verdict-maintenance"]').click();
    await expect
      .poll(() => labelRows().evaluateAll((r) => r.map((e) => e.getAttribute('data-verdict'))))
      .toEqual(['maintenance']);
    await page.locator('[data-testid="label-verdict-maintenance"]').click();
    await page.locator('[data-testid="label-q"]').fill('filter BEARING');
    await expect
      .poll(() => labelRows().evaluateAll((r) => r.map((e) => e.getAttribute('data-verdict'))))
      .toEqual(['false-alarm']);
    await page.locator('[data-testid="label-q"]').fill('');
    await page.locator('[data-testid="label-deleted"]').check();
    await expect.poll(() => labelRows().count()).toBe(5);
    await page.locator('[data-testid="label-deleted"]').uncheck();
    await expect.poll(() => labelRows().count()).toBe(3);

    // A row opens its details: the history says who created it.
    await labelRows().first().click();
    await page.locator('[data-testid="history-entry"]').first().waitFor();
    expect(await page.locator('[data-testid="history-entry"]').last().getAttribute('data-action')).toBe('create');
  });

  it('refuses an edit made against an old revision, shows the label as it is now, then saves', async () => {
    const id = (await page.locator('[data-testid="label-row"][aria-selected="true"]').getAttribute('data-id'))!;
    await page.locator('[data-testid="label-edit"]').click();
    await page.locator('[data-testid="edit-text"]').fill('Checked on site: real overheating');
    // Meanwhile someone else changes the label.
    const { annotation } = await client.request('annotations.get', { id });
    await client.request('annotations.update', { id, revision: annotation.revision, cause: 'Calibration' });
    await page.locator('[data-testid="edit-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="label-message"]').textContent())
      .toMatch(/^Someone changed this label/);
    await expect.poll(() => page.locator('[data-testid="history-entry"]').count()).toBe(2);
    // The draft is kept; saved again against the revision now shown, it goes through.
    await page.locator('[data-testid="edit-save"]').click();
    await expect.poll(() => page.locator('[data-testid="label-message"]').textContent()).toBe('Saved.');
    const now = (await client.request('annotations.get', { id })).annotation;
    expect(now).toMatchObject({ text: 'Checked on site: real overheating', cause: 'Calibration' });
    expect(now.revision).toBe(annotation.revision + 2);
    await expect.poll(() => page.locator('[data-testid="history-entry"]').count()).toBe(3);
  });

  it('edits the site’s causes in Settings → Review with errors said per line; the queue offers the saved list', async () => {
    await page.locator('[data-testid="review-tab-queue"]').click();
    await page.locator('[data-testid="queue-edit-causes"]').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#settings/review');
    const text = page.locator('[data-testid="causes-text"]');
    await text.fill('Sensor fault\nFouled filter\nsensor FAULT\n');
    expect(await page.locator('[data-testid="causes-errors"]').textContent()).toContain(
      'Line 3: "sensor FAULT" is already on line 1.',
    );
    expect(await page.locator('[data-testid="causes-save"]').isDisabled()).toBe(true);
    // The causes the labels carry stay on the list: an import refuses a cause the site does not have.
    await text.fill('Sensor fault\nCalibration\n\nFouled filter\n');
    await page.locator('[data-testid="causes-save"]').click();
    await expect.poll(() => page.locator('[data-testid="causes-message"]').textContent()).toBe('Saved: 3 causes.');
    expect((await client.request('annotations.causes', {})).causes).toEqual([
      'Sensor fault',
      'Calibration',
      'Fouled filter',
    ]);
    // Key 9 goes back to the queue, which offers the saved list.
    await page.keyboard.press('9');
    await page.locator('[data-testid="queue-cause"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="queue-cause"] option').allTextContents())
      .toEqual(['No cause', 'Sensor fault', 'Calibration', 'Fouled filter']);
    await page.locator('[data-testid="review-tab-labels"]').click();
  });

  it('exports CSV and JSON with the date in the name; JSON into a fresh engine gives the same labels', async () => {
    const csv = await download('export-csv');
    const json = await download('export-json');
    expect(csv.name).toMatch(/^watchfloor-labels-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(json.name).toMatch(/^watchfloor-labels-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
    exportedCsv = csv.content;
    exportedJson = json.content;
    const rows = JSON.parse(exportedJson) as FileLabel[];
    expect(rows.map((r) => r.verdict).sort()).toEqual(['false-alarm', 'maintenance', 'true-anomaly']);
    expect(exportedCsv.trim().split(/\r?\n/)).toHaveLength(4);
    expect(exportedCsv).toContain('Checked on site: real overheating');

    fresh = await startServeProcess(['--data', join(dir.path, 'fresh'), '--no-simulator']);
    const other = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    collectPageErrors(other, pageErrors);
    await other.goto(`${fresh.url}/#review`);
    await other.locator('[data-testid="review-tab-labels"]').click();
    const file = join(dir.path, json.name);
    await other.locator('[data-testid="import-file"]').setInputFiles(file);
    await expect
      .poll(() => other.locator('[data-testid="import-summary"]').textContent(), { timeout: 10_000 })
      .toBe('3 created · 0 updated · 0 unchanged · 0 rejected');
    await expect.poll(() => other.locator('[data-testid="label-row"]').count()).toBe(3);

    const freshClient = await connect(fresh.url);
    const again = await freshClient.request('annotations.export', { format: 'json', includeDeleted: false });
    freshClient.close();
    expect(comparable(JSON.parse(again.content) as FileLabel[])).toEqual(comparable(rows));
    // Lossless: the fresh engine writes the very same file.
    expect(again.content).toBe(exportedJson);
    await other.close();
  });

  it('imports the CSV back unchanged, and says which lines of a bad file were rejected and why', async () => {
    const same = join(dir.path, 'same.csv');
    writeFileSync(same, exportedCsv);
    await page.locator('[data-testid="import-file"]').setInputFiles(same);
    await expect
      .poll(() => page.locator('[data-testid="import-summary"]').textContent(), { timeout: 10_000 })
      .toBe('0 created · 0 updated · 3 unchanged · 0 rejected');

    const header = exportedCsv.split(/\r?\n/)[0]!;
    const columns = header.split(',');
    const row = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(',');
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() - 3_000_000).toISOString();
    const bad = join(dir.path, 'bad.csv');
    writeFileSync(
      bad,
      [
        header,
        row({ series: 'device-004/production_counter', start, end, verdict: 'maintenance', text: 'Belt change' }),
        row({ series: 'device-004/production_counter', start, end, verdict: 'not-a-verdict' }),
        '',
      ].join('\r\n'),
    );
    await page.locator('[data-testid="import-file"]').setInputFiles(bad);
    await expect
      .poll(() => page.locator('[data-testid="import-summary"]').textContent(), { timeout: 10_000 })
      .toBe('1 created · 0 updated · 0 unchanged · 1 rejected');
    const rejected = await page.locator('[data-testid="import-rejected"] li').allTextContents();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatch(/^Line 3: .*verdict/i);
    // The good line loaded, and the live list shows it.
    await expect.poll(() => labelRows().count()).toBe(4);
    const created: Annotation[] = (await client.request('annotations.list', { q: 'belt' })).items;
    expect(created.map((a) => a.verdict)).toEqual(['maintenance']);
    expect(pageErrors).toEqual([]);
  });
});
