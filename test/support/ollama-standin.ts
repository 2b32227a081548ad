// A stand-in for Ollama: a real HTTP server on 127.0.0.1 (port 0) that speaks the part of
// Ollama's HTTP API the assistant uses, answering as the real server does, so product code
// talks to it unchanged (the `ollama` npm client over real sockets). Ollama itself cannot be
// installed here; this is the only stand-in (DESIGN.md: Testing), and it stays in test/.
//
// Mirrored from the real server (ollama/ollama server/routes.go and observed answers):
// - a missing model: 404 `{"error":"model \"x\" not found, try pulling it first"}` on chat and
//   embed, 404 `{"error":"model 'x' not found"}` on show; names match with or without `:latest`.
// - /api/embed with `truncate: false` and an input over the context: 400
//   `{"error":"the input length exceeds the context length"}`; with truncate left at its default
//   (true) the input is cut silently, as the real server does.
// - /api/chat streams NDJSON (`application/x-ndjson`) when `stream` is true or absent.
//
// Per test: the models present, a queue of chat replies (tokens with delays, JSON, prose,
// malformed JSON, a hang, a dropped connection, an error), latency before every answer, a
// redirect of every request elsewhere, and a record of every request with when its connection
// closed (to assert what was sent and that a cancel really reached the server).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface StandinModel {
  /** As `ollama list` shows it, e.g. `llama3.2:3b` or `nomic-embed-text:latest`. */
  name: string;
  family?: string;
  /** Context length in tokens (`/api/show` model_info, and the embed limit). */
  contextLength?: number;
  /** A Modelfile `num_ctx` (listed in /api/show `parameters`). */
  numCtx?: number;
}

/** One scripted answer to one /api/chat request. */
export interface ChatReply {
  /** The content, in the pieces it streams as (one piece when `content` is given). */
  tokens?: string[];
  content?: string;
  /** Shorthand: the content is JSON.stringify(json) (what a model told to use `format` sends). */
  json?: unknown;
  /** Before the response headers (a model loading, a slow server). */
  firstDelayMs?: number;
  /** Between streamed pieces. */
  delayMs?: number;
  /**
   * After the pieces: finish normally, never finish, cut the connection, or send an
   * `{"error": ...}` line (`error`) and end, as Ollama does when the runner fails mid-answer.
   */
  then?: 'done' | 'hang' | 'drop' | 'error-line';
  /** Answer an HTTP error instead: `{ error }` with this status. */
  status?: number;
  error?: string;
  doneReason?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  receivedAt: number;
  /** When the connection for this request closed (by either side), performance.now() ms. */
  closedAt?: number;
  /** True when the stand-in finished its answer (false: the client went away first). */
  completed: boolean;
  /** The HTTP status answered. */
  status?: number;
}

export interface OllamaStandinOptions {
  models?: (string | StandinModel)[];
  version?: string;
  latencyMs?: number;
  /** Embedding dimension (vectors are hashed bags of words, L2-normalised). */
  embedDimensions?: number;
  /** Default context length in tokens for models that do not say; a token is ~4 characters. */
  contextLength?: number;
  chatReplies?: ChatReply[];
}

export interface OllamaStandin {
  url: string;
  port: number;
  requests: RecordedRequest[];
  setModels(models: (string | StandinModel)[]): void;
  queueChat(...replies: ChatReply[]): void;
  setLatency(ms: number): void;
  /** Answer every request with a 307 to this origin (null: stop). */
  redirectTo(origin: string | null): void;
  requestsTo(path: string): RecordedRequest[];
  /** When the request's connection closed; rejects if it is still open after `timeoutMs`. */
  closed(request: RecordedRequest, timeoutMs?: number): Promise<number>;
  /** Stops listening and cuts every open connection (the server going down). */
  stop(): Promise<void>;
}

const CHARS_PER_TOKEN = 4;

export function tokensOf(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The stand-in's vector for a text: a hashed bag of lower-cased words, L2-normalised. */
export function standinVector(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}_-]+/gu) ?? []) {
    const h = createHash('sha1').update(word).digest();
    const slot = h.readUInt32BE(0) % dimensions;
    v[slot] = (v[slot] ?? 0) + ((h[4] ?? 0) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function canonical(name: string): string {
  const lower = name.toLowerCase();
  const slash = lower.lastIndexOf('/');
  return lower.slice(slash + 1).includes(':') ? lower : `${lower}:latest`;
}

export async function startOllamaStandin(options: OllamaStandinOptions = {}): Promise<OllamaStandin> {
  let models: StandinModel[] = [];
  const setModels = (list: (string | StandinModel)[]) => {
    models = list.map((m) => (typeof m === 'string' ? { name: m } : m));
  };
  setModels(options.models ?? []);
  let latencyMs = options.latencyMs ?? 0;
  let redirect: string | null = null;
  const replies: ChatReply[] = [...(options.chatReplies ?? [])];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const closeWaiters = new Map<RecordedRequest, ((t: number) => void)[]>();
  const dims = options.embedDimensions ?? 64;
  const version = options.version ?? '0.12.6';

  const find = (name: unknown) =>
    typeof name === 'string' ? models.find((m) => canonical(m.name) === canonical(name)) : undefined;
  const contextOf = (m: StandinModel) => m.contextLength ?? options.contextLength ?? 2048;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      body,
      receivedAt: performance.now(),
      completed: false,
    };
    requests.push(record);
    res.on('close', () => {
      record.closedAt = performance.now();
      for (const w of closeWaiters.get(record) ?? []) w(record.closedAt);
      closeWaiters.delete(record);
    });
    if (latencyMs > 0) await sleep(latencyMs);
    if (redirect !== null) {
      res.writeHead(307, { location: `${redirect}${req.url ?? '/'}` }).end();
      record.status = 307;
      record.completed = true;
      return;
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const route = `${record.method} ${path}`;
    if (route === 'GET /api/version') return json(res, record, 200, { version });
    if (route === 'GET /api/tags') return json(res, record, 200, { models: models.map(tagEntry) });
    if (route === 'POST /api/show') {
      const m = find(b.model);
      if (!m) return json(res, record, 404, { error: `model '${String(b.model)}' not found` });
      const family = m.family ?? 'llama';
      return json(res, record, 200, {
        modelfile: `FROM ${m.name}`,
        parameters: m.numCtx !== undefined ? `num_ctx                        ${m.numCtx}` : '',
        template: '{{ .Prompt }}',
        details: { format: 'gguf', family, families: [family], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        model_info: { 'general.architecture': family, [`${family}.context_length`]: contextOf(m) },
        capabilities: family.includes('bert') ? ['embedding'] : ['completion'],
        modified_at: new Date().toISOString(),
      });
    }
    if (route === 'POST /api/embed') return embed(res, record, b);
    if (route === 'POST /api/chat') return chat(res, record, b);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    record.completed = true;
  }

  function embed(res: ServerResponse, record: RecordedRequest, b: Record<string, unknown>) {
    const m = find(b.model);
    if (!m) {
      return json(res, record, 404, { error: `model "${String(b.model)}" not found, try pulling it first` });
    }
    const inputs = typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) ? b.input : null;
    if (!inputs || inputs.some((s) => typeof s !== 'string')) {
      return json(res, record, 400, { error: 'invalid input type' });
    }
    const limit = contextOf(m);
    const texts = inputs as string[];
    if (b.truncate === false && texts.some((t) => tokensOf(t) > limit)) {
      return json(res, record, 400, { error: 'the input length exceeds the context length' });
    }
    const fitted = texts.map((t) => t.slice(0, limit * CHARS_PER_TOKEN));
    return json(res, record, 200, {
      model: m.name,
      embeddings: fitted.map((t) => standinVector(t, dims)),
      total_duration: 1_000_000,
      load_duration: 10_000,
      prompt_eval_count: fitted.reduce((n, t) => n + tokensOf(t), 0),
    });
  }

  async function chat(res: ServerResponse, record: RecordedRequest, b: Record<string, unknown>) {
    const m = find(b.model);
    if (!m) {
      return json(res, record, 404, { error: `model "${String(b.model)}" not found, try pulling it first` });
    }
    const reply = replies.shift() ?? { content: 'OK.' };
    if (reply.firstDelayMs) await sleep(reply.firstDelayMs);
    if (res.destroyed) return;
    if (reply.status !== undefined) return json(res, record, reply.status, { error: reply.error ?? 'error' });
    const pieces = reply.tokens ?? [reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? '')];
    const model = String(b.model);
    const chunk = (content: string) => ({
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content },
      done: false,
    });
    const final = {
      model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: reply.doneReason ?? 'stop',
      total_duration: 5_000_000,
      load_duration: 1_000_000,
      prompt_eval_count: 42,
      prompt_eval_duration: 1_000_000,
      eval_count: pieces.length,
      eval_duration: 3_000_000,
    };
    if (b.stream === false) {
      if (reply.then === 'hang') return;
      if (reply.then === 'drop') return void res.destroy();
      return json(res, record, 200, { ...final, message: { role: 'assistant', content: pieces.join('') } });
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    record.status = 200;
    for (const [i, piece] of pieces.entries()) {
      if (i > 0 && reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return;
      res.write(`${JSON.stringify(chunk(piece))}\n`);
    }
    if (reply.then === 'hang') return;
    if (reply.then === 'drop') {
      await sleep(reply.delayMs ?? 0);
      return void res.socket?.destroy();
    }
    if (reply.then === 'error-line') {
      res.end(`${JSON.stringify({ error: reply.error ?? 'error' })}\n`);
      record.completed = true;
      return;
    }
    res.end(`${JSON.stringify(final)}\n`);
    record.completed = true;
  }

  function json(res: ServerResponse, record: RecordedRequest, status: number, value: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    record.status = status;
    record.completed = true;
  }

  function tagEntry(m: StandinModel) {
    const family = m.family ?? 'llama';
    return {
      name: m.name,
      model: m.name,
      modified_at: new Date().toISOString(),
      size: 2_019_393_189,
      digest: createHash('sha256').update(m.name).digest('hex'),
      details: {
        parent_model: '',
        format: 'gguf',
        family,
        families: [family],
        parameter_size: '3.2B',
        quantization_level: 'Q4_K_M',
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setModels,
    queueChat: (...r) => void replies.push(...r),
    setLatency: (ms) => void (latencyMs = ms),
    redirectTo: (origin) => void (redirect = origin),
    requestsTo: (path) => requests.filter((r) => r.path === path),
    closed: (record, timeoutMs = 2_000) =>
      record.closedAt !== undefined
        ? Promise.resolve(record.closedAt)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`${record.path}: connection still open after ${timeoutMs} ms`)),
              timeoutMs,
            );
            const done = (t: number) => {
              clearTimeout(timer);
              resolve(t);
            };
            closeWaiters.set(record, [...(closeWaiters.get(record) ?? []), done]);
          }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
