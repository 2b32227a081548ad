// An AssistantBackend for tests, built from real parts the way the engine's wiring builds the real
// one: a KnowledgeIndex (':memory:') over the shipped runbooks, a state.db on a temporary folder
// with an AlarmStore, the default fleet from resources/default-config.json, and an
// OllamaConnection pointed at the Ollama stand-in (or at nothing: a closed port).
//
// Health is cached as the real backend caches it: a few seconds, and `markUnreachable` replaces the
// cached state at once. `pastOf` reads the alarms table directly (closed alarms of one key, newest
// first); the wiring may put that query in AlarmStore instead.
import { fileURLToPath } from 'node:url';
import { Device, raisedAlarm, type Alarm, type RaisedAlarmInit } from '../../src/shared/domain';
import type { OllamaState } from '../../src/shared/contract/assistant';
import type { AssistantBackend, RecentReading } from '../../src/main/engine/assistant/assistant-backend';
import { KnowledgeIndex } from '../../src/main/engine/assistant/knowledge/knowledge-index';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import type { OllamaHealth } from '../../src/main/engine/assistant/ollama/ollama-health';
import type { OllamaOptions } from '../../src/main/engine/assistant/ollama/ollama-options';
import { AlarmStore } from '../../src/main/engine/alarms/alarm-store';
import { openStateDb, type StateDb } from '../../src/main/engine/state/state-db';
import { startOllamaStandin, type OllamaStandin } from './ollama-standin';
import defaults from '../../resources/default-config.json';
import { makeTempDir } from './temp-dir';

export const SHIPPED_KNOWLEDGE = fileURLToPath(new URL('../../resources/knowledge/', import.meta.url));
export const DEFAULT_FLEET: Device[] = defaults.devices.map((d) => Device.parse(d));

export interface TestBackendOptions {
  /** The stand-in's URL; undefined: the assistant's Ollama connection is switched off. */
  ollamaUrl?: string;
  ollama?: Partial<OllamaOptions>;
  /** Readings returned by `recent` for every series (oldest first). */
  recent?: RecentReading[];
  /** How long a health answer is kept (default 5 s). */
  healthTtlMs?: number;
}

export interface TestBackend extends AssistantBackend {
  index: KnowledgeIndex;
  db: StateDb;
  alarmStore: AlarmStore;
  logs: string[];
  /** How many times Ollama's health was really asked (not served from the cache). */
  healthChecks: number;
  /** Stores a raised alarm (with a `raised` journal entry) and returns it with its id. */
  raise(init: Partial<RaisedAlarmInit> & Pick<RaisedAlarmInit, 'deviceId' | 'signal' | 'kind'>): Alarm;
  close(): Promise<void>;
}

let shared: KnowledgeIndex | undefined;

/** The shipped runbooks indexed once per test file (indexing takes a moment; the index is only read). */
export async function shippedIndex(): Promise<KnowledgeIndex> {
  if (!shared) {
    shared = new KnowledgeIndex({ file: ':memory:', folders: [SHIPPED_KNOWLEDGE], watch: false, rescanMs: 0 });
    await shared.indexer.sync();
  }
  return shared;
}

export function toOllamaState(h: OllamaHealth, checkedAt: number): OllamaState {
  const presence = (p: { name: string; present: boolean; pullCommand?: string }) => ({
    name: p.name,
    present: p.present,
    pullCommand: p.pullCommand ?? null,
  });
  if (h.state === 'disabled' || h.state === 'unreachable') {
    return {
      state: h.state,
      baseUrl: h.baseUrl,
      version: null,
      chat: null,
      embedding: null,
      message: h.state === 'unreachable' ? h.message : null,
      checkedAt,
    };
  }
  return {
    state: h.state,
    baseUrl: h.baseUrl,
    version: h.version,
    chat: presence(h.chat),
    embedding: presence(h.embedding),
    message: null,
    checkedAt,
  };
}

export async function makeTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const index = await shippedIndex();
  const dir = makeTempDir('wf-assistant-');
  const db = openStateDb(dir.path);
  const alarmStore = new AlarmStore(db);
  const connection =
    options.ollamaUrl !== undefined
      ? new OllamaConnection({ baseUrl: options.ollamaUrl, ...options.ollama })
      : new OllamaConnection({ enabled: false, ...options.ollama });
  const ttl = options.healthTtlMs ?? 5_000;
  let cached: { state: OllamaState; at: number } | undefined;
  let inflight: Promise<OllamaState> | undefined;
  const devices = new Map(DEFAULT_FLEET.map((d) => [d.id, d]));
  const pastOf = db.prepare(
    "SELECT id FROM alarms WHERE key = ? AND id < ? AND state = 'normal' ORDER BY raised_at DESC, id DESC LIMIT ?",
  );

  const backend: TestBackend = {
    index,
    db,
    alarmStore,
    logs: [],
    healthChecks: 0,
    store: index.store,
    search: (query, o) => index.search(query, o),
    ollama: () => (connection.options.enabled ? connection : undefined),
    health() {
      const now = Date.now();
      if (cached && now - cached.at < ttl) return Promise.resolve(cached.state);
      inflight ??= (async () => {
        backend.healthChecks++;
        const state = toOllamaState(await connection.health(), Date.now());
        cached = { state, at: Date.now() };
        inflight = undefined;
        return state;
      })();
      return inflight;
    },
    markUnreachable(message) {
      const at = Date.now();
      cached = {
        at,
        state: {
          state: 'unreachable',
          baseUrl: connection.options.baseUrl,
          version: null,
          chat: null,
          embedding: null,
          message,
          checkedAt: at,
        },
      };
    },
    alarms: {
      get: (id) => alarmStore.get(id),
      journal: (id) => alarmStore.journal(id),
      pastOf: (key, beforeId, limit) =>
        (pastOf.all(key, beforeId, limit) as { id: number }[]).flatMap((r) => alarmStore.get(r.id) ?? []),
    },
    device: (id) => devices.get(id),
    recent: () => Promise.resolve(options.recent ?? []),
    clock: () => Date.now(),
    log: (message) => void backend.logs.push(message),
    raise(init) {
      const at = init.at ?? Date.now();
      const alarm = raisedAlarm({
        key: `${init.deviceId}/${init.signal}/${init.kind}`,
        area: 'default',
        priority: 'high',
        value: 0,
        limit: null,
        ...init,
        at,
      });
      return alarmStore.insert(alarm, { at, event: 'raised', from: 'normal', to: 'unack_active' });
    },
    async close() {
      db.close();
      dir.remove();
    },
  };
  return backend;
}

/**
 * Stand-ins and backends made by one test file, each stopped after every test: call once at the
 * top of the file (it registers the afterEach).
 */
export function assistantPeersPerTest(afterEach: (fn: () => Promise<void>) => void) {
  const standins: OllamaStandin[] = [];
  const backends: TestBackend[] = [];
  afterEach(async () => {
    await Promise.all(standins.splice(0).map((s) => s.stop()));
    await Promise.all(backends.splice(0).map((b) => b.close()));
  });
  return {
    async standin(models = ['llama3.2:3b', 'nomic-embed-text']): Promise<OllamaStandin> {
      const s = await startOllamaStandin({ models });
      standins.push(s);
      return s;
    },
    async backend(options: TestBackendOptions): Promise<TestBackend> {
      const b = await makeTestBackend(options);
      backends.push(b);
      return b;
    },
  };
}
