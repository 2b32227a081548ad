// Alarm reports against the Ollama stand-in over real sockets, the shipped runbooks and a real
// state.db: a structured report with its citations checked, one retry after a schema violation,
// the deterministic fallback (with the reason an operator can act on) when the model answers
// prose twice, is missing or the server is down, and the background queue storing the result.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmReport } from '../../src/shared/contract/assistant';
import type { Alarm } from '../../src/shared/domain';
import { makeReport } from '../../src/main/engine/assistant/reports/report-maker';
import { ReportQueue } from '../../src/main/engine/assistant/reports/report-queue';
import { ReportStore } from '../../src/main/engine/assistant/reports/report-store';
import { assistantPeersPerTest, type TestBackend } from '../support/assistant-backend';
import { waitFor } from '../support/wait';

const { standin, backend } = assistantPeersPerTest(afterEach);

const AT = Date.UTC(2026, 11, 6, 3, 0);

function highPressure(b: TestBackend): Alarm {
  return b.raise({
    deviceId: 'device-002',
    signal: 'pressure',
    kind: 'high',
    priority: 'high',
    value: 57.3,
    limit: 55,
    message: 'pressure 57.3 > hi 55',
    at: AT,
  });
}

const GOOD = {
  severity: 'high',
  category: 'process',
  summary: 'Clamp pressure 57.3 psi is above hi 55 [1].',
  causes: [
    { text: 'PRV-201 sticking or moved', citations: [1] },
    { text: 'Oil cold after a winter start', citations: [2, 9] },
  ],
  actions: [
    { text: 'Compare PT-201 with PI-201 [2]', citations: [2] },
    { text: 'Replace the clamp seals [12]', citations: [12] },
  ],
  confidence: 'medium',
};

const signal = () => new AbortController().signal;

describe('makeReport', () => {
  it('writes a structured report with the model, checked citations, prompt hash, chunks and time', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const alarm = highPressure(b);
    s.queueChat({ json: GOOD });
    const r = await makeReport(alarm, b, signal());

    expect(r).toMatchObject({
      alarmId: alarm.id,
      source: 'model',
      note: null,
      model: 'llama3.2:3b',
      severity: 'high',
      category: 'process',
      confidence: 'medium',
      summary: 'Clamp pressure 57.3 psi is above hi 55 [1].',
      feedback: null,
    });
    expect(r.passages.length).toBeLessThan(9);
    // [9] and [12] name no passage sent: removed from the citations and from the text.
    expect(r.causes).toEqual([
      { text: 'PRV-201 sticking or moved', citations: [1] },
      { text: 'Oil cold after a winter start', citations: [2] },
    ]);
    expect(r.actions).toEqual([
      { text: 'Compare PT-201 with PI-201 [2]', citations: [2] },
      { text: 'Replace the clamp seals', citations: [] },
    ]);
    expect(r.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.chunkIds).toEqual(r.passages.filter((p) => p.kind === 'document').map((p) => p.ref));
    expect(r.passages[0]!.headingPath[1]).toBe('Alarm: High pressure (device-002 pressure > 55 psi)');
    expect(r.durationMs).toBeGreaterThanOrEqual(0);

    // Sent once, with the schema as `format` and the alarm's facts and passages in the prompt.
    const chats = s.requestsTo('/api/chat');
    expect(chats).toHaveLength(1);
    const body = chats[0]!.body as { format: { required: string[] }; messages: { content: string }[] };
    expect(chats[0]!.body).toMatchObject({ options: { temperature: 0, num_ctx: 8192 }, stream: true });
    expect(body.format.required).toEqual(['severity', 'category', 'summary', 'causes', 'actions', 'confidence']);
    expect(body.messages[1]!.content).toContain('Detection said: pressure 57.3 > hi 55');
    expect(body.messages[1]!.content).toContain('[1] Runbook RB-L1-002');
  });

  it('asks once more after an answer that breaks the schema, and uses the second', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ json: { ...GOOD, severity: 'catastrophic' } }, { json: GOOD });
    const r = await makeReport(highPressure(b), b, signal());
    expect(r.source).toBe('model');
    const chats = s.requestsTo('/api/chat');
    expect(chats).toHaveLength(2);
    const retry = (chats[1]!.body as { messages: { role: string; content: string }[] }).messages.at(-1)!;
    expect(retry.content).toContain('severity');
  });

  it('falls back to the runbook when the model answers prose twice, and says so', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ content: 'The pressure is high. Check the valve.' }, { content: 'Sure! The pressure is high.' });
    const r = await makeReport(highPressure(b), b, signal());
    expect(r).toMatchObject({ source: 'retrieval', model: null, confidence: 'low', severity: 'high' });
    expect(r.note).toMatch(/^the model's answer broke the schema twice \(.*not JSON/);
    expect(r.actions[0]!.text).toMatch(/^Compare PT-201 in Watchfloor with local gauge PI-201/);
    expect(r.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.requestsTo('/api/chat')).toHaveLength(2);
  });

  it('falls back naming the ollama pull when the chat model is missing', async () => {
    const s = await standin(['nomic-embed-text']);
    const b = await backend({ ollamaUrl: s.url });
    const r = await makeReport(highPressure(b), b, signal());
    expect(r.source).toBe('retrieval');
    expect(r.note).toContain('ollama pull llama3.2:3b');
    expect(r.actions.length).toBeGreaterThan(0);
    expect(s.requestsTo('/api/chat')).toHaveLength(0);
  });

  it('falls back at once when the server is down, with the runbook’s actions cited', async () => {
    const s = await standin();
    await s.stop();
    const b = await backend({ ollamaUrl: s.url });
    const started = performance.now();
    const r = await makeReport(highPressure(b), b, signal());
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(r.source).toBe('retrieval');
    expect(r.note).toMatch(/^Ollama unreachable at \d{4}-.*connection refused/);
    for (const a of r.actions) {
      expect(a.citations).toHaveLength(1);
      expect(r.passages[a.citations[0]! - 1]).toBeDefined();
    }
  });

  it('falls back when the server dies while answering, and marks nothing as unreachable for a drop', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ tokens: ['{"severity":'], then: 'drop' });
    const r = await makeReport(highPressure(b), b, signal());
    expect(r.source).toBe('retrieval');
    expect(r.note).toMatch(/^Ollama failed \(stream-broken\)/);
    // A dropped answer is not "unreachable": the next question still asks the model.
    expect((await b.health()).state).toBe('ready');
  });

  it('never throws: a failing knowledge index still gives a report that says why', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const broken = { ...b, search: () => Promise.reject(new Error('knowledge.db is locked')) };
    const r = await makeReport(highPressure(b), broken, signal());
    expect(r).toMatchObject({ source: 'retrieval', passages: [], actions: [] });
    expect(r.note).toBe('the report could not be made: knowledge.db is locked');
    expect(b.logs.join('\n')).toContain('knowledge.db is locked');
  });

  it('rejects with the abort reason when cancelled while the model answers', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ json: GOOD, firstDelayMs: 5_000 });
    const controller = new AbortController();
    const making = makeReport(highPressure(b), b, controller.signal);
    await waitFor(() => s.requestsTo('/api/chat').length > 0, { what: 'the chat request' });
    const reason = new Error('queue stopping');
    controller.abort(reason);
    await expect(making).rejects.toBe(reason);
  });
});

describe('the report queue with makeReport and the report store', () => {
  it('stores a report for a raised alarm in the background and says when it is ready', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ json: GOOD });
    const store = new ReportStore(b.db);
    const queue = new ReportQueue({
      make: (alarm, sig) => makeReport(alarm, b, sig),
      save: (r) => store.save(r),
      has: (id) => store.has(id),
      config: () => ({ enabled: true, minPriority: 'high', perMinute: 6, queueLimit: 20 }),
      clock: Date.now,
      log: (m) => void b.logs.push(m),
    });
    const states: string[] = [];
    queue.onChange((_, state) => states.push(state));
    const alarm = highPressure(b);
    const low = b.raise({ deviceId: 'device-005', signal: 'quality_score', kind: 'quality', priority: 'low', at: AT });
    queue.offer(alarm);
    queue.offer(low);
    await waitFor(() => queue.state(alarm.id) === 'ready', { what: 'the report' });
    await queue.stop();
    expect(states).toEqual(['queued', 'running', 'ready']);
    const stored = store.get(alarm.id) as AlarmReport;
    expect(stored).toMatchObject({ source: 'model', alarmId: alarm.id });
    expect(queue.state(low.id)).toBe('none');
    expect(queue.counts()).toMatchObject({ made: 1, fallbacks: 0, queued: 0, running: 0 });
  });
});
