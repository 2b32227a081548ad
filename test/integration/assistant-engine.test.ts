// The assistant inside a real engine and HTTP server, with the Ollama stand-in as its configured
// server: the shipped runbooks and the data folder indexed (an unreadable file says why), health
// with the exact pull command, folders confined for remote callers, a cited passage opened, and
// a report written in the background for a new alarm — from the model, or from the runbook alone
// when Ollama is down — kept with the alarm and on GET /api/alerts/:id.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmReport, AlarmReportStatus } from '../../src/shared/contract';
import type { Alarm } from '../../src/shared/domain';
import { LOCAL_CALLER, type CallContext } from '../../src/shared/rpc/call-context';
import { createClient, type ContractClient } from '../../src/shared/rpc/client';
import { createMemoryChannelPair } from '../../src/shared/rpc/memory-channel';
import { serveContract } from '../../src/shared/rpc/server';
import type { RunningServe } from '../../src/main/server/serve';
import { contractClient } from '../support/contract-client';
import { writePdf } from '../support/make-pdf';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';
import { makeTempDir } from '../support/temp-dir';
import { startServe } from '../support/test-serve';
import { waitFor } from '../support/wait';

const remoteContext: Omit<CallContext, 'signal'> = {
  caller: LOCAL_CALLER,
  client: { address: '10.1.2.3', origin: null, trusted: false },
};

describe('the assistant in the engine', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let standin: OllamaStandin;
  let running: RunningServe;
  let client: ContractClient;

  async function post(deviceId: string, sensorType: string, value: number) {
    const res = await fetch(`${running.server.url}/ingest/realtime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId, sensorType, value, timestamp: Date.now() }),
    });
    expect(res.status).toBe(202);
  }

  const openAlarm = (deviceId: string): Alarm | undefined =>
    running.engine.services.alarmStore.list({ limit: 100 }).find((a) => a.deviceId === deviceId);

  async function reportOf(alarmId: number, source?: AlarmReport['source']): Promise<AlarmReport> {
    const status = await waitFor(
      async () => {
        const s: AlarmReportStatus = await client.request('assistant.report', { alarmId });
        return s.state === 'ready' && s.report && (!source || s.report.source === source) ? s : undefined;
      },
      { what: `a ${source ?? ''} report for alarm ${alarmId}`, timeoutMs: 15_000 },
    );
    return status.report!;
  }

  beforeAll(async () => {
    standin = await startOllamaStandin({ models: ['llama3.2:3b', 'nomic-embed-text:latest'], embedDimensions: 64 });
    dir = makeTempDir();
    running = await startServe(dir.path, { assistant: { baseUrl: standin.url } });
    client = contractClient(running.engine);
  });

  afterAll(async () => {
    client?.close();
    await running?.stop();
    await standin?.stop();
    dir?.remove();
  });

  it('indexes the shipped runbooks and the data folder, and says why a file could not be read', async () => {
    const knowledge = join(dir.path, 'data', 'knowledge');
    writeFileSync(
      join(knowledge, 'compressor-notes.md'),
      '# Compressor C-7\n\nIf C-7 surges, open the recycle valve FV-701 first.\n',
    );
    writeFileSync(join(knowledge, 'scanned-manual.pdf'), 'this is not a PDF at all');
    await client.request('assistant.reindex', {});
    const docs = await client.request('assistant.documents', {});
    const byName = new Map(docs.map((d) => [d.path.split('/').pop(), d]));
    expect(byName.get('pressure-runbook.md')).toMatchObject({ status: 'ok', type: '.md' });
    expect(byName.get('watchfloor-operator-handbook.md')?.status).toBe('ok');
    expect(byName.get('compressor-notes.md')).toMatchObject({ status: 'ok', title: 'Compressor C-7' });
    const broken = byName.get('scanned-manual.pdf');
    expect(broken?.status).toBe('error');
    expect(broken?.reason).toMatch(/pdf/i);

    const found = await client.request('assistant.search', { query: 'C-7 surges recycle valve' });
    expect(found.hits[0]?.path).toMatch(/compressor-notes\.md$/);
  });

  it('reports Ollama ready and searches by vectors too once the embedding model has answered', async () => {
    const status = await client.request('assistant.status', {});
    expect(status.ollama).toMatchObject({ state: 'ready', baseUrl: standin.url });
    expect(status.answers).toBe('model');
    expect(status.index.folders.map((f) => f.origin)).toEqual(['shipped', 'data']);
    await waitFor(async () => (await client.request('assistant.status', {})).index.search === 'hybrid' || undefined, {
      what: 'hybrid search',
      timeoutMs: 15_000,
    });
    const result = await client.request('assistant.search', { query: 'pump cavitation bearing noise' });
    expect(result.mode).toBe('hybrid');
    expect(standin.requestsTo('/api/embed').length).toBeGreaterThan(0);
  });

  it('names the exact ollama pull when the chat model is missing, and answers from retrieval meanwhile', async () => {
    const { config } = await client.request('assistant.settings.get', {});
    const saved = await client.request('assistant.settings.set', { ...config, chatModel: 'qwen2.5:7b-instruct' });
    expect(saved.source).toBe('settings');
    const status = await client.request('assistant.status', {});
    expect(status.ollama.state).toBe('models-missing');
    expect(status.ollama.chat).toMatchObject({ present: false, pullCommand: 'ollama pull qwen2.5:7b-instruct' });
    expect(status.answers).toBe('retrieval');
    const reset = await client.request('assistant.settings.reset', {});
    expect(reset).toMatchObject({ source: 'file', config: { chatModel: 'llama3.2:3b' } });
    expect((await client.request('assistant.status', {})).answers).toBe('model');
  });

  it('refuses a relative folder, and from another machine a folder it may not read', async () => {
    const { config } = await client.request('assistant.settings.get', {});
    await expect(client.request('assistant.settings.set', { ...config, folders: ['runbooks'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { issues: [{ path: 'folders.0' }] },
    });
    const [clientEnd, serverEnd] = createMemoryChannelPair();
    serveContract(serverEnd, running.engine.handlers(), { context: remoteContext });
    const remote = createClient(clientEnd);
    try {
      await expect(remote.request('assistant.settings.set', { ...config, folders: ['/etc'] })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    } finally {
      remote.close();
    }
    expect((await client.request('assistant.settings.get', {})).config.folders).toEqual([]);
  });

  it('opens a cited passage in its document with the passage highlighted', async () => {
    const result = await client.request('assistant.search', { query: 'device-002 pressure high alarm limit' });
    const hit = result.hits.find((h) => h.path.endsWith('pressure-runbook.md'));
    expect(hit).toBeDefined();
    const opened = await client.request('assistant.open', { chunkId: hit!.chunkId });
    expect(opened.title).toMatch(/pressure/i);
    expect(opened.highlight).not.toBeNull();
    const marked = opened.text.slice(opened.highlight!.start, opened.highlight!.end);
    const stored = running.engine.services.assistant.index.store.chunksOf(hit!.path).find((c) => c.id === hit!.chunkId);
    expect(marked).toBe(stored!.text);
    expect(opened.headings.some((h) => h.path.join(' ').match(/Alarm/))).toBe(true);
    await expect(client.request('assistant.open', { chunkId: 'no-such-chunk' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('opens a cited PDF passage at its page, highlighted, and pages through the manual', async () => {
    const knowledge = join(dir.path, 'data', 'knowledge');
    writePdf(join(knowledge, 'hpu-manual.pdf'), [
      'HPU-201 operating manual. General description of the hydraulic power unit and its controls.',
      'Accumulator A-201 precharge check: isolate the accumulator, bleed it through V-205 and read the nitrogen precharge with the charging kit. Expected 8 bar.',
      'Spare parts list for the pump P-201 and the motor M-201.',
    ]);
    await client.request('assistant.reindex', {});
    const found = await client.request('assistant.search', { query: 'accumulator nitrogen precharge charging kit' });
    const hit = found.hits.find((h) => h.path.endsWith('hpu-manual.pdf'));
    expect(hit?.page).toBe(2);
    const opened = await client.request('assistant.open', { chunkId: hit!.chunkId });
    expect(opened).toMatchObject({ type: '.pdf', page: 2, pages: 3 });
    expect(opened.text).toContain('Accumulator A-201 precharge check');
    expect(opened.text).not.toContain('Spare parts list');
    expect(opened.text.slice(opened.highlight!.start, opened.highlight!.end)).toContain('nitrogen precharge');
    const next = await client.request('assistant.open', { path: hit!.path, page: 3 });
    expect(next).toMatchObject({ page: 3, highlight: null });
    expect(next.text).toContain('Spare parts list');
    await expect(client.request('assistant.open', { path: hit!.path, page: 4 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('has no page 4 (it has 3)'),
    });
  });

  it('writes a cited report for a new high-priority alarm, kept with the alarm and on GET /api/alerts/:id', async () => {
    standin.queueChat({
      json: {
        severity: 'high',
        category: 'process',
        summary: 'Reactor temperature above its high limit.',
        causes: [{ text: 'Cooling water flow reduced', citations: [1] }],
        actions: [
          { text: 'Check the cooling water valve position', citations: [1] },
          { text: 'Call the shift engineer', citations: [9] },
        ],
        confidence: 'medium',
      },
    });
    await post('device-001', 'temperature', 99);
    await waitFor(() => openAlarm('device-001'), { what: 'the temperature alarm' });
    const alarm = openAlarm('device-001')!;
    const report = await reportOf(alarm.id, 'model');
    expect(report).toMatchObject({ alarmId: alarm.id, model: 'llama3.2:3b', severity: 'high', category: 'process' });
    expect(report.actions[0]!.citations).toEqual([1]);
    // [9] named no passage that was sent: removed before anything is shown.
    expect(report.actions[1]!.citations).toEqual([]);
    expect(report.passages.length).toBeGreaterThan(0);
    expect(report.chunkIds.length).toBeGreaterThan(0);
    expect(report.promptHash).toMatch(/^[0-9a-f]{64}$/);

    const res = await fetch(`${running.server.url}/api/alerts/${alarm.id}`);
    const body = (await res.json()) as { data: { report: AlarmReport }; meta: { report: string } };
    expect(body.meta.report).toBe('ready');
    expect(body.data.report).toMatchObject({ source: 'model', summary: 'Reactor temperature above its high limit.' });

    const rated = await client.request('assistant.feedback', { alarmId: alarm.id, useful: true, comment: 'spot on' });
    expect(rated.feedback).toMatchObject({ useful: true, comment: 'spot on', by: 'local' });
    expect((await client.request('assistant.report', { alarmId: alarm.id })).report?.feedback?.useful).toBe(true);
  });

  it('falls back to the runbook when Ollama is down: severity from the priority, actions from its Actions', async () => {
    await standin.stop();
    await post('device-002', 'pressure', 70);
    await waitFor(() => openAlarm('device-002'), { what: 'the pressure alarm' });
    const alarm = openAlarm('device-002')!;
    await client.request('assistant.regenerate', { alarmId: alarm.id });
    const report = await reportOf(alarm.id, 'retrieval');
    expect(report.model).toBeNull();
    expect(report.note).toMatch(/unreachable|refused|down|not running/i);
    expect(report.severity).toBe(alarm.priority);
    expect(report.actions.length).toBeGreaterThan(0);
    for (const action of report.actions) {
      for (const n of action.citations) expect(report.passages[n - 1]?.path).toMatch(/pressure-runbook\.md$/);
    }
    const status = await client.request('assistant.status', {});
    expect(status.answers).toBe('retrieval');
    expect(status.ollama.state).toBe('unreachable');
  });
});
