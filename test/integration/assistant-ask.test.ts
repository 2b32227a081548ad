// Questions answered against the Ollama stand-in over real sockets, a real knowledge index of the
// shipped runbooks and a real state.db: context first and fast whatever Ollama does, tokens in
// order, Cancel felt within 200 ms, every way Ollama can fail said as it is, invented citations
// removed, and a question the runbooks do not cover answered as such without asking the model.
import { afterEach, describe, expect, it } from 'vitest';
import type { AskEvent, AskParams } from '../../src/shared/contract/assistant';
import { askQuestion, MAYBE_NOT_COVERED } from '../../src/main/engine/assistant/answer/ask';
import { assistantPeersPerTest, type TestBackend } from '../support/assistant-backend';
import { sleep } from '../support/wait';

const { standin, backend } = assistantPeersPerTest(afterEach);

interface Seen {
  event: AskEvent;
  at: number;
}

/** Runs one question; resolves when askQuestion returns, with every event and when it came. */
async function ask(b: TestBackend, params: Partial<AskParams> & { question: string }, signal?: AbortSignal) {
  const seen: Seen[] = [];
  const started = performance.now();
  await askQuestion(
    { history: [], ...params },
    b,
    (event) => seen.push({ event, at: performance.now() - started }),
    signal ?? new AbortController().signal,
  );
  const of = <T extends AskEvent['type']>(type: T) =>
    seen.filter((s) => s.event.type === type) as { event: Extract<AskEvent, { type: T }>; at: number }[];
  return { seen, of, types: seen.map((s) => s.event.type) };
}

const PRESSURE = 'The press clamp pressure is above 55 psi on device-002. What do I check first?';

describe('askQuestion', () => {
  it('sends the passages first, then the model’s tokens in order, then the checked answer', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const tokens = ['1. Compare ', 'PT-201 with ', 'local gauge ', 'PI-201 [1].', '\n2. Read TI-201 [2].'];
    s.queueChat({ tokens, delayMs: 60 });
    const r = await ask(b, { question: PRESSURE });

    expect(r.types).toEqual(['context', ...tokens.map(() => 'token'), 'done']);
    const [context] = r.of('context');
    expect(context!.event).toMatchObject({ answers: 'model', note: null });
    expect(context!.event.passages.length).toBeGreaterThanOrEqual(3);
    expect(context!.event.passages[0]!.path).toMatch(/pressure-runbook\.md$/);
    expect(r.of('token').map((t) => t.event.text)).toEqual(tokens);
    // Streamed: the tokens came spread over time, not all at the end.
    const tokenTimes = r.of('token').map((t) => t.at);
    expect(tokenTimes.at(-1)! - tokenTimes[0]!).toBeGreaterThan(150);
    expect(r.of('done')[0]!.event).toMatchObject({
      answer: tokens.join(''),
      cited: [1, 2],
      removed: [],
      notCovered: false,
      model: 'llama3.2:3b',
    });

    // The model was given the passages, numbered, and the rules.
    const [chat] = s.requestsTo('/api/chat');
    const body = chat!.body as { messages: { role: string; content: string }[]; stream: boolean };
    expect(body.stream).toBe(true);
    // A context the prompt fits in, whatever the Ollama default is.
    expect(chat!.body).toMatchObject({ options: { num_ctx: 8192 } });
    expect(body.messages[0]!.content).toContain('Not in the runbooks');
    expect(body.messages.at(-1)!.content).toContain('[1] Runbook RB-L1-002');
    expect(body.messages.at(-1)!.content).toContain(`Question: ${PRESSURE}`);
  });

  it('removes an invented citation [9] and reports it', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ content: 'Check the F-201 clogging indicator [3]. Replace the seals [9].' });
    const r = await ask(b, { question: PRESSURE });
    const passages = r.of('context')[0]!.event.passages.length;
    expect(passages).toBeGreaterThanOrEqual(3);
    expect(passages).toBeLessThan(9);
    expect(r.of('done')[0]!.event).toMatchObject({
      answer: 'Check the F-201 clogging indicator [3]. Replace the seals.',
      cited: [3],
      removed: [9],
    });
  });

  it('stops within 200 ms of Cancel: the server sees the connection close and nothing more is emitted', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ tokens: Array.from({ length: 100 }, (_, i) => `word${i} `), delayMs: 100 });
    const controller = new AbortController();
    const events: AskEvent[] = [];
    let cancelledAt = 0;
    const running = askQuestion(
      { question: PRESSURE, history: [] },
      b,
      (e) => {
        events.push(e);
        if (e.type === 'token' && events.filter((x) => x.type === 'token').length === 2) {
          cancelledAt = performance.now();
          controller.abort();
        }
      },
      controller.signal,
    );
    await running;
    const returnedIn = performance.now() - cancelledAt;
    const [chat] = s.requestsTo('/api/chat');
    const closedAt = await s.closed(chat!, 1_000);
    expect(returnedIn).toBeLessThan(200);
    expect(closedAt - cancelledAt).toBeLessThan(200);
    expect(chat!.completed).toBe(false);
    await sleep(300);
    expect(events.map((e) => e.type)).toEqual(['context', 'token', 'token']);
  });

  it('with the server down: context within 1 s says retrieval, and the passages are the answer', async () => {
    const s = await standin();
    await s.stop();
    const b = await backend({ ollamaUrl: s.url });
    const r = await ask(b, { question: PRESSURE });
    expect(r.types).toEqual(['context', 'done']);
    const [context] = r.of('context');
    expect(context!.at).toBeLessThan(1_000);
    expect(context!.event.answers).toBe('retrieval');
    expect(context!.event.note).toMatch(/Ollama unreachable at .*connection refused/);
    const done = r.of('done')[0]!.event;
    expect(done.model).toBeNull();
    expect(done.notCovered).toBe(false);
    const lines = done.answer.split('\n');
    expect(lines).toHaveLength(context!.event.passages.length);
    expect(lines[0]).toMatch(/^\[1\] Runbook RB-L1-002: Hydraulic pressure \(device-002\) › .+: .+/);
    expect(done.cited).toEqual(context!.event.passages.map((p) => p.n));
  });

  it('with the server down, a question the runbooks do not hold says they may not cover it before the closest passages', async () => {
    const s = await standin();
    await s.stop();
    const b = await backend({ ollamaUrl: s.url });
    const r = await ask(b, { question: 'How do I calibrate the flow meter on the cooling tower?' });
    const done = r.of('done')[0]!.event;
    expect(done.notCovered).toBe(false);
    const [first, ...passages] = done.answer.split('\n');
    expect(first).toBe(MAYBE_NOT_COVERED);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages[0]).toMatch(/^\[1\] /);
    // A question they do hold gets no such warning (above: PRESSURE's first line is its passage).
    const held = await ask(b, { question: PRESSURE });
    expect(held.of('done')[0]!.event.answer.startsWith('[1] ')).toBe(true);
  });

  it('with Ollama hanging on its health check: context within 1 s, from retrieval', async () => {
    const s = await standin();
    s.setLatency(5_000);
    const b = await backend({ ollamaUrl: s.url });
    const r = await ask(b, { question: PRESSURE });
    expect(r.of('context')[0]!.at).toBeLessThan(1_000);
    expect(r.of('context')[0]!.event).toMatchObject({ answers: 'retrieval' });
    expect(r.of('context')[0]!.event.note).toContain('did not answer within 800 ms');
    expect(r.types.at(-1)).toBe('done');
  });

  it('with the chat model missing: retrieval alone, and the note names the ollama pull', async () => {
    const s = await standin(['nomic-embed-text']);
    const b = await backend({ ollamaUrl: s.url });
    const r = await ask(b, { question: PRESSURE });
    expect(r.of('context')[0]!.event.answers).toBe('retrieval');
    expect(r.of('context')[0]!.event.note).toContain('ollama pull llama3.2:3b');
    expect(s.requestsTo('/api/chat')).toHaveLength(0);
  });

  it('with the assistant switched off: retrieval alone at once, no request to Ollama', async () => {
    const b = await backend({});
    const r = await ask(b, { question: PRESSURE });
    expect(r.types).toEqual(['context', 'done']);
    expect(r.of('context')[0]!.event.note).toContain('switched off');
  });

  it('fails with the stream’s error when the server dies mid-answer', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ tokens: ['Compare ', 'PT-201 '], delayMs: 50, then: 'drop' });
    const r = await ask(b, { question: PRESSURE });
    expect(r.types).toEqual(['context', 'token', 'token', 'failed']);
    expect(r.of('failed')[0]!.event).toMatchObject({ code: 'UNAVAILABLE' });
    expect(r.of('failed')[0]!.event.message).toContain('dropped before the answer was complete');
  });

  it('fails with TIMEOUT when the first token comes after the configured time', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url, ollama: { firstTokenTimeoutMs: 400 } });
    s.queueChat({ content: 'too late [1]', firstDelayMs: 2_000 });
    const r = await ask(b, { question: PRESSURE });
    expect(r.types).toEqual(['context', 'failed']);
    expect(r.of('failed')[0]!.event).toMatchObject({ code: 'TIMEOUT' });
    expect(r.of('failed')[0]!.event.message).toContain('400 ms');
  });

  it('says "Not in the runbooks" for a question they do not cover, without asking the model', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const r = await ask(b, { question: 'what is the canteen menu' });
    expect(r.types).toEqual(['context', 'done']);
    expect(r.of('context')[0]!.event.passages).toEqual([]);
    const done = r.of('done')[0]!.event;
    expect(done.notCovered).toBe(true);
    expect(done.answer).toMatch(/^Not in the runbooks: none of the 6 documents .* “canteen”, “menu”/);
    expect(s.requestsTo('/api/chat')).toHaveLength(0);
  });

  it('passes the model’s own "Not in the runbooks" on as notCovered', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ content: 'Not in the runbooks. The passages cover the press clamp circuit only.' });
    const r = await ask(b, { question: 'What torque does the press ram bolt need on device-002?' });
    expect(r.of('context')[0]!.event.passages.length).toBeGreaterThan(0);
    expect(r.of('done')[0]!.event).toMatchObject({ notCovered: true, model: 'llama3.2:3b' });
  });

  it('about an alarm: its runbook section, its comments and past alarms go to the model with its facts', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const at = Date.UTC(2026, 11, 6, 3, 0);
    const past = b.raise({
      deviceId: 'device-002',
      signal: 'pressure',
      kind: 'high',
      value: 58.1,
      limit: 55,
      at: at - 86_400_000,
    });
    b.alarmStore.update({
      ...past,
      state: 'normal',
      closedAt: at - 80_000_000,
      closedBy: 'li',
      closeComment: 'PRV-201 reset to 40 psi',
    });
    const alarm = b.raise({
      deviceId: 'device-002',
      signal: 'pressure',
      kind: 'high',
      value: 57.3,
      limit: 55,
      message: 'pressure 57.3 > hi 55',
      at,
    });
    b.alarmStore.update({ ...alarm, state: 'ack_active', ackedBy: 'maria', ackComment: 'oil cold' }, [
      {
        alarmId: alarm.id,
        at: at + 60_000,
        event: 'acknowledge',
        from: 'unack_active',
        to: 'ack_active',
        by: 'maria',
        comment: 'oil cold',
      },
    ]);
    s.queueChat({ content: 'Let the HPU warm up [1].' });
    const r = await ask(b, { question: 'Explain this alarm', alarmId: alarm.id });
    const passages = r.of('context')[0]!.event.passages;
    expect(passages.filter((p) => p.kind === 'document')[0]!.headingPath[1]).toBe(
      'Alarm: High pressure (device-002 pressure > 55 psi)',
    );
    const alarmPassages = passages.filter((p) => p.kind === 'alarm');
    expect(alarmPassages.map((p) => p.ref)).toEqual([`alarm:${alarm.id}`, `alarm:${past.id}`]);
    expect(alarmPassages[0]!.text).toContain('acknowledge by maria: oil cold');
    expect(alarmPassages[1]!.text).toContain('PRV-201 reset to 40 psi');
    const sent = (s.requestsTo('/api/chat')[0]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(sent).toContain('Detection said: pressure 57.3 > hi 55');
    expect(sent).toContain(`[${alarmPassages[1]!.n}] Earlier alarm device-002/pressure/high`);
  });

  it("about a device: its experts' labels, with causes, go to the model and can be cited", async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    const day = 86_400_000;
    const t = Date.UTC(2026, 10, 20, 6);
    const label = (p: Partial<Parameters<typeof b.annotations.create>[0]>) =>
      b.annotations.create(
        {
          deviceId: 'device-003',
          signal: 'vibration',
          from: t,
          to: t + 3_600_000,
          verdict: 'true-anomaly',
          cause: null,
          text: '',
          target: { type: 'range' },
          ...p,
        },
        'ana',
      );
    const bearing = label({
      cause: 'Equipment failure',
      text: 'Outer race of the drive-end bearing worn; replaced on shift 2',
    });
    const planned = label({
      signal: '*',
      from: t + 3 * day,
      to: t + 3 * day + 7_200_000,
      verdict: 'maintenance',
      cause: 'Planned maintenance',
      text: 'Belt change',
    });
    const gone = label({
      from: t + 5 * day,
      to: t + 5 * day + 1000,
      verdict: 'false-alarm',
      text: 'deleted, not told',
    });
    b.annotations.remove(gone.id, 1, 'ana');
    b.annotations.create(
      {
        deviceId: 'device-001',
        signal: 'temperature',
        from: t,
        to: t + 1000,
        verdict: 'bad-data',
        cause: null,
        text: 'another device',
        target: { type: 'range' },
      },
      'ana',
    );

    s.queueChat({ content: 'Yes: the drive-end bearing wore out before [N].' });
    const question = 'Has this machine had this kind of trouble before, and what was it?';
    const first = await ask(b, { question, deviceId: 'device-003' });
    const passages = first.of('context')[0]!.event.passages;
    const labelled = passages.filter((p) => p.ref.startsWith('label:'));
    // The most recently ended first; deleted labels and other devices\' labels are not told.
    expect(labelled.map((p) => p.ref)).toEqual([`label:${planned.id}`, `label:${bearing.id}`]);
    const n = labelled[1]!.n;
    expect(labelled[1]!.text).toContain('Verdict: True anomaly. Cause: Equipment failure.');
    expect(labelled[1]!.text).toContain('labelled by ana');
    expect(labelled[1]!.text).toContain('Outer race of the drive-end bearing worn');
    const sent = (s.requestsTo('/api/chat')[0]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    expect(sent).toContain(
      `[${n}] Expert label on device-003/vibration ${new Date(t).toISOString()}: True anomaly — Equipment failure`,
    );
    expect(sent).toContain('Belt change');
    expect(sent).not.toContain('deleted, not told');
    expect(sent).not.toContain('another device');

    // The answer cites the label passage, and the citation is kept as valid.
    s.queueChat({ content: `Yes: the drive-end bearing wore out before [${n}].` });
    const second = await ask(b, { question, deviceId: 'device-003' });
    expect(second.of('done')[0]!.event).toMatchObject({ cited: [n], removed: [], notCovered: false });

    // About an alarm on the device: the labels of its own series come before the device\'s others.
    const alarm = b.raise({ deviceId: 'device-003', signal: 'vibration', kind: 'high', value: 130, limit: 120 });
    s.queueChat({ content: 'See [1].' });
    const third = await ask(b, { question: 'Explain this alarm', alarmId: alarm.id });
    const refs = third
      .of('context')[0]!
      .event.passages.filter((p) => p.ref.startsWith('label:'))
      .map((p) => p.ref);
    expect(refs).toEqual([`label:${planned.id}`, `label:${bearing.id}`]);
  });

  it('never throws, even when the listener does', async () => {
    const s = await standin();
    const b = await backend({ ollamaUrl: s.url });
    s.queueChat({ tokens: ['a ', 'b'] });
    const emit = () => {
      throw new Error('the client went away');
    };
    await expect(
      askQuestion({ question: PRESSURE, history: [] }, b, emit, new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(b.logs.join('\n')).toContain('the client went away');
  });

  it('fails with NOT_FOUND for an alarm that does not exist', async () => {
    const b = await backend({});
    const r = await ask(b, { question: 'Explain this alarm', alarmId: 424242 });
    expect(r.types).toEqual(['failed']);
    expect(r.of('failed')[0]!.event.code).toBe('NOT_FOUND');
  });
});
