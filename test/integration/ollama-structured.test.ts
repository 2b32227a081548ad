// Structured answers (the alarm report) against the Ollama stand-in: Ollama is sent the JSON
// Schema as `format`; a valid answer is data; prose or a schema-breaking answer gets one retry
// that tells the model what was wrong; a second bad answer, a missing model or a dead server is
// a typed failure the report queue falls back on — never an exception.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ChatMessage } from '../../src/main/engine/assistant/ollama/chat-stream';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';

const standins: OllamaStandin[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((s) => s.stop()));
});

async function connection() {
  const s = await startOllamaStandin({ models: ['llama3.2:3b', 'nomic-embed-text'] });
  standins.push(s);
  return { s, c: new OllamaConnection({ baseUrl: s.url }) };
}

// The shape of an alarm report, as the report module will declare it.
const Report = z.object({
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  category: z.string().min(1),
  probableCauses: z.array(z.string()).min(1),
  actions: z.array(z.object({ action: z.string(), citation: z.number().int().min(1) })).min(1),
  confidence: z.number().min(0).max(1),
});

const good = {
  severity: 'high',
  category: 'process',
  probableCauses: ['Blocked downstream line'],
  actions: [{ action: 'Check PSV-201 lift pressure', citation: 1 }],
  confidence: 0.7,
};

const ask: ChatMessage[] = [{ role: 'user', content: 'Report on alarm device-002/pressure high 57 psi.' }];

interface SentChat {
  format?: { type?: string; properties?: Record<string, unknown>; required?: string[] };
  stream?: boolean;
  messages?: ChatMessage[];
}

describe('structured answers', () => {
  it('sends the JSON Schema as `format` and returns the validated object', async () => {
    const { s, c } = await connection();
    s.queueChat({ json: good });
    const out = await c.chatStructured(ask, Report);
    expect(out).toMatchObject({ ok: true, value: good, attempts: 1, model: 'llama3.2:3b' });

    const sent = s.requestsTo('/api/chat')[0]?.body as SentChat;
    expect(sent.format).toMatchObject({ type: 'object', required: expect.arrayContaining(['severity', 'actions']) });
    expect(sent.format?.properties?.severity).toEqual({ type: 'string', enum: ['low', 'medium', 'high', 'critical'] });
    expect(sent.format).not.toHaveProperty('$schema');
  });

  it('retries once after an answer that breaks the schema, telling the model what was wrong', async () => {
    const { s, c } = await connection();
    s.queueChat({ json: { ...good, severity: 'catastrophic', actions: [] } }, { json: good });
    const out = await c.chatStructured(ask, Report);
    expect(out).toMatchObject({ ok: true, value: good, attempts: 2 });

    const chats = s.requestsTo('/api/chat');
    expect(chats).toHaveLength(2);
    const retry = (chats[1]?.body as SentChat).messages ?? [];
    expect(retry.slice(0, ask.length)).toEqual(ask);
    expect(retry.at(-2)).toMatchObject({ role: 'assistant', content: expect.stringContaining('catastrophic') });
    expect(retry.at(-1)?.role).toBe('user');
    expect(retry.at(-1)?.content).toMatch(/severity: .*"low"/);
    expect(retry.at(-1)?.content).toMatch(/actions: /);
  });

  it('retries once after prose and then fails with the reason, for the caller to fall back', async () => {
    const { s, c } = await connection();
    s.queueChat(
      { content: 'The pressure is high, probably a blocked line. Check the relief valve.' },
      { content: '{"severity": "high", "category": "process", ' }, // cut off mid-object
    );
    const out = await c.chatStructured(ask, Report);
    expect(out).toMatchObject({ ok: false, reason: 'invalid-answer', attempts: 2 });
    expect(!out.ok && out.problems?.[0]).toMatch(/not JSON/);
    expect(!out.ok && out.lastAnswer).toBe('{"severity": "high", "category": "process", ');
    const chats = s.requestsTo('/api/chat');
    expect(chats).toHaveLength(2);
    expect((chats[1]?.body as SentChat).messages?.at(-1)?.content).toMatch(/not JSON/);
  });

  it('reports a missing model with its `ollama pull`, without a retry', async () => {
    const { s, c } = await connection();
    s.setModels(['nomic-embed-text']);
    const out = await c.chatStructured(ask, Report);
    expect(out).toMatchObject({
      ok: false,
      reason: 'model-missing',
      attempts: 1,
      pullCommand: 'ollama pull llama3.2:3b',
    });
    expect(s.requestsTo('/api/chat')).toHaveLength(1);
  });

  it('fails (does not throw) when the server is gone, in well under a second', async () => {
    const { s, c } = await connection();
    await s.stop();
    const started = performance.now();
    const out = await c.chatStructured(ask, Report);
    expect(out).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
