// An AssistantBackend for tests, built from real parts the way the engine's wiring builds the real
// one: a KnowledgeIndex (':memory:') over the shipped runbooks, a state.db on a temporary folder
// with an AlarmStore, the default fleet from resources/default-config.json, and an
// OllamaConnection pointed at the Ollama stand-in (or at nothing: a closed port).
//
// Health goes through the engine's own cache (ollama-state.ts: `markUnreachable` replaces the
// cached state at once), past alarms through AlarmStore.pastOf and labels through a real
// AnnotationService, as in the assistant service.
import { fileURLToPath } from 'node:url';
import { Device, raisedAlarm, type Alarm, type RaisedAlarmInit } from '../../src/shared/domain';
import { AssistantConfig } from '../../src/shared/contract/assistant';
import type { AssistantBackend, RecentReading } from '../../src/main/engine/assistant/assistant-backend';
import { KnowledgeIndex } from '../../src/main/engine/assistant/knowledge/knowledge-index';
import { OllamaStateCache } from '../../src/main/engine/assistant/ollama-state';
import { OllamaConnection } from '../../src/main/engine/assistant/ollama/ollama-connection';
import type { OllamaOptions } from '../../src/main/engine/assistant/ollama/ollama-options';
import { AlarmStore } from '../../src/main/engine/alarms/alarm-store';
import { AnnotationService } from '../../src/main/engine/annotations/annotation-service';
import { recentLabels } from '../../src/main/engine/assistant/answer/passages';
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
}

export interface TestBackend extends AssistantBackend {
  index: KnowledgeIndex;
  db: StateDb;
  alarmStore: AlarmStore;
  /** Expert labels over the same state.db (the default fleet's devices and signals). */
  annotations: AnnotationService;
  logs: string[];
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

export async function makeTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const index = await shippedIndex();
  const dir = makeTempDir('wf-assistant-');
  const db = openStateDb(dir.path);
  const alarmStore = new AlarmStore(db);
  const connection =
    options.ollamaUrl !== undefined
      ? new OllamaConnection({ baseUrl: options.ollamaUrl, ...options.ollama })
      : new OllamaConnection({ enabled: false, ...options.ollama });
  const ollama = () => (connection.options.enabled ? connection : undefined);
  // The engine's own health cache (ollama-state.ts), so questions and reports meet Ollama's state
  // here exactly as they do in the engine.
  const config = AssistantConfig.parse({
    enabled: connection.options.enabled,
    baseUrl: connection.options.baseUrl,
    chatModel: connection.options.chatModel,
    embeddingModel: connection.options.embeddingModel,
  });
  const healthCache = new OllamaStateCache(ollama, () => config, Date.now);
  const devices = new Map(DEFAULT_FLEET.map((d) => [d.id, d]));
  const annotations = new AnnotationService({
    db,
    registry: {
      get: (id) => devices.get(id),
      signal: (id, key) => devices.get(id)?.signals.find((s) => s.key === key),
    },
    alarmStore,
    storedSignals: () => [],
    clock: Date.now,
    log: () => {},
  });
  annotations.start();

  const backend: TestBackend = {
    index,
    db,
    alarmStore,
    annotations,
    logs: [],
    store: index.store,
    search: (query, o) => index.search(query, o),
    ollama,
    health: () => healthCache.get(),
    markUnreachable: (message) => healthCache.markUnreachable(message),
    alarms: {
      get: (id) => alarmStore.get(id),
      journal: (id) => alarmStore.journal(id),
      pastOf: (key, beforeId, limit) => alarmStore.pastOf(key, beforeId, limit),
    },
    labels: { recent: (deviceId, limit, signal) => recentLabels(annotations.liveOf(deviceId), limit, signal) },
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
      annotations.stop();
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
