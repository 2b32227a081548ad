// Health and host confinement against the Ollama stand-in over real sockets: what Settings →
// Assistant shows (reachable, version, models present, the exact `ollama pull`), how fast an
// absent server is reported, and that no request ever reaches a host but the configured one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { confinedFetch } from '../../src/main/engine/assistant/ollama/confined-fetch';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import { OllamaError } from '../../src/main/engine/assistant/ollama/ollama-error';
import { startOllamaStandin, type OllamaStandin } from '../support/ollama-standin';

const standins: OllamaStandin[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function standin(...args: Parameters<typeof startOllamaStandin>) {
  const s = await startOllamaStandin(...args);
  standins.push(s);
  return s;
}

/** Another host (another port on 127.0.0.1 is another origin) that records what reaches it. */
async function elsewhere() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"9.9.9","models":[]}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe('Ollama health', () => {
  it('reports reachable, the version, and both models present — a configured name without a tag matches :latest', async () => {
    const s = await standin({ models: ['llama3.2:3b', 'nomic-embed-text:latest'], version: '0.12.6' });
    const health = await new OllamaConnection({ baseUrl: s.url }).health();
    expect(health).toMatchObject({
      state: 'ready',
      version: '0.12.6',
      chat: { name: 'llama3.2:3b', present: true, installedAs: 'llama3.2:3b' },
      embedding: { name: 'nomic-embed-text', present: true, installedAs: 'nomic-embed-text:latest' },
    });
    expect(s.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/tags', 'GET /api/version']);
  });

  it('names the exact `ollama pull` for each missing model', async () => {
    const s = await standin({ models: ['llama3.2:1b'] });
    const health = await new OllamaConnection({ baseUrl: s.url, chatModel: 'llama3.2:3b' }).health();
    expect(health).toMatchObject({
      state: 'models-missing',
      chat: { present: false, pullCommand: 'ollama pull llama3.2:3b' },
      embedding: { present: false, pullCommand: 'ollama pull nomic-embed-text' },
    });
  });

  it('says "connection refused" at once when nothing listens at the URL', async () => {
    const s = await standin();
    await s.stop();
    const health = await new OllamaConnection({ baseUrl: s.url }).health();
    expect(health).toMatchObject({ state: 'unreachable', reason: 'unreachable' });
    expect(health.state === 'unreachable' && health.message).toMatch(/connection refused/);
    expect(health.state === 'unreachable' && health.elapsedMs).toBeLessThan(500);
  });

  it('gives up on a server that does not answer within the health limit (1 s by default)', async () => {
    const s = await standin({ models: ['llama3.2:3b'], latencyMs: 5_000 });
    const started = performance.now();
    const health = await new OllamaConnection({ baseUrl: s.url }).health();
    const took = performance.now() - started;
    expect(health).toMatchObject({ state: 'unreachable', reason: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1_400);

    const quick = await new OllamaConnection({ baseUrl: s.url, healthTimeoutMs: 200 }).health();
    expect(quick).toMatchObject({ state: 'unreachable', reason: 'timeout' });
    expect(quick.state === 'unreachable' && quick.elapsedMs).toBeLessThan(500);
  });

  it('asks nothing of the server when the assistant’s Ollama switch is off', async () => {
    const s = await standin({ models: ['llama3.2:3b'] });
    const c = new OllamaConnection({ baseUrl: s.url, enabled: false });
    expect(await c.health()).toEqual({ state: 'disabled', baseUrl: s.url });
    await expect(c.chat({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { reason: 'disabled' },
    });
    expect(s.requests).toHaveLength(0);
  });
});

describe('what a model says about itself', () => {
  it('gives the embedding model’s context and capabilities, and the pull command when it is missing', async () => {
    const s = await standin({
      models: [{ name: 'nomic-embed-text:latest', family: 'nomic-bert', contextLength: 2048, numCtx: 512 }],
    });
    const c = new OllamaConnection({ baseUrl: s.url });
    expect(await c.describeModel()).toEqual({
      model: 'nomic-embed-text',
      family: 'nomic-bert',
      capabilities: ['embedding'],
      contextLength: 2048,
      numCtx: 512,
    });
    expect(s.requestsTo('/api/show')[0]?.body).toEqual({ model: 'nomic-embed-text' });
    await expect(c.describeModel('llama3.2:3b')).rejects.toMatchObject({
      details: { reason: 'model-missing', pullCommand: 'ollama pull llama3.2:3b' },
    });
  });
});

describe('host confinement', () => {
  it('refuses a URL on another origin before anything is sent', async () => {
    const s = await standin();
    const other = await elsewhere();
    const f = confinedFetch(s.url);
    await expect(f(`${other.url}/api/tags`)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'foreign-host' },
    });
    await expect(f(`${other.url}/api/tags`)).rejects.toThrow(/only to the configured Ollama server/);
    // Same host, other scheme or port is another origin too; under the configured prefix only.
    await expect(f(s.url.replace('http:', 'https:') + '/api/tags')).rejects.toBeInstanceOf(OllamaError);
    const prefixed = confinedFetch(`${s.url}/ollama`);
    await expect(prefixed(`${s.url}/other/api/tags`)).rejects.toBeInstanceOf(OllamaError);
    expect((await f(`${s.url}/api/version`)).status).toBe(200);
    expect(other.hits).toEqual([]);
  });

  it('follows no redirect: a server that sends every request elsewhere gets nothing through', async () => {
    const s = await standin({ models: ['llama3.2:3b', 'nomic-embed-text'] });
    const other = await elsewhere();
    s.redirectTo(other.url);
    const c = new OllamaConnection({ baseUrl: s.url });

    const health = await c.health();
    expect(health).toMatchObject({ state: 'unreachable', reason: 'foreign-host' });
    await expect(
      c.chat({ messages: [{ role: 'user', content: 'Pressure alarm on device-002?' }] }),
    ).rejects.toMatchObject({
      details: { reason: 'foreign-host' },
    });
    await expect(c.embed(['runbook passage'])).rejects.toMatchObject({ details: { reason: 'foreign-host' } });
    const structured = await c.chatStructured([{ role: 'user', content: 'x' }], z.object({}));
    expect(structured).toMatchObject({ ok: false, reason: 'foreign-host' });

    expect(s.requests.length).toBeGreaterThanOrEqual(5);
    expect(other.hits).toEqual([]);
  });
});
