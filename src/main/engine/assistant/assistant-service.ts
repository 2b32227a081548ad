// The assistant as one engine service: its settings (file, overridden by Settings → Assistant),
// the knowledge index over the shipped runbooks, <data>/knowledge and the site's folders, the
// connection to Ollama and what is known of its health, questions answered as a stream, and the
// reports written for new alarms in the background.
//
// Decisions:
// - The alarm path only offers a raised alarm to the report queue (an O(1) push, see
//   report-queue.ts); retrieval, Ollama and storage happen later, one report at a time, so a
//   report never delays raising, annunciating or acknowledging an alarm. Only `raised` alarms
//   get a report in the background: an escalated one has had its chance, and the operator can
//   ask for one (Regenerate) whatever its priority.
// - Ollama's health is checked every 30 s while the assistant is on and on every save; the
//   embedder is given to the index only while the embedding model is present, so a search never
//   waits for a dead server to embed its query.
// - Folders added from a remote client must lie where that client may read files
//   (files.importDirs; docs/administration.md: Security); the desktop may add any folder.
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type {
  AlarmReport,
  AlarmReportStatus,
  AskEvent,
  AskParams,
  AssistantConfig,
  AssistantSettings,
  AssistantStatus,
  KnowledgeDocument,
  KnowledgeSearchResult,
  OllamaState,
  OpenedDocument,
} from '../../../shared/contract/assistant';
import { seriesKey, type Alarm } from '../../../shared/domain';
import { EngineError } from '../../../shared/errors';
import type { ClientInfo } from '../../../shared/rpc/call-context';
import type { AlarmService } from '../alarms/alarm-service';
import type { AlarmStore } from '../alarms/alarm-store';
import type { AnnotationService } from '../annotations/annotation-service';
import type { ClientFolders } from '../files/client-folders';
import type { HistoryStore } from '../history/history-store';
import type { StateDb } from '../state/state-db';
import type { DeviceRegistry } from '../state/device-registry';
import { askQuestion } from './answer/ask';
import { recentLabels } from './answer/passages';
import type { AssistantBackend } from './assistant-backend';
import { AssistantSettingsStore } from './assistant-settings';
import { KNOWLEDGE_FILE, KnowledgeIndex } from './knowledge/knowledge-index';
import { ollamaEmbedder } from './ollama-embedder';
import { chatUsable, OllamaStateCache } from './ollama-state';
import { OllamaConnection } from './ollama/ollama-connection';
import { openDocument, type OpenRequest } from './open-document';
import { makeReport } from './reports/report-maker';
import { ReportQueue } from './reports/report-queue';
import { ReportStore } from './reports/report-store';

const HEALTH_POLL_MS = 30_000;
const STATUS_THROTTLE_MS = 500;

export interface AssistantServiceOptions {
  db: StateDb;
  dataDir: string;
  /** The runbooks shipped with Watchfloor (resources/knowledge), when this build has them. */
  shippedFolder: string | undefined;
  /** The configuration file's `assistant` section. */
  file: AssistantConfig;
  alarms: AlarmService;
  alarmStore: AlarmStore;
  /** Expert labels, context for answers and reports. */
  annotations: Pick<AnnotationService, 'liveOf'>;
  registry: DeviceRegistry;
  history: HistoryStore;
  clientFolders: ClientFolders;
  clock: () => number;
  log: (message: string) => void;
  /** Tests: ':memory:'. Default <data>/knowledge.db. */
  knowledgeFile?: string;
  /** Watch folders for changes (default true; tests turn it off and re-index by hand). */
  watch?: boolean;
  healthPollMs?: number;
}

export class AssistantService {
  private readonly settings: AssistantSettingsStore;
  readonly index: KnowledgeIndex;
  readonly reports: ReportStore;
  private readonly queue: ReportQueue;
  private readonly ollamaState: OllamaStateCache;
  private readonly backend: AssistantBackend;
  private connection: OllamaConnection | undefined;
  private readonly dataFolder: string;
  private readonly statusListeners = new Set<(s: AssistantStatus) => void>();
  private readonly reportListeners = new Set<(s: AlarmReportStatus) => void>();
  private readonly cleanup: (() => void)[] = [];
  private lastSyncAt: number | null = null;
  private statusTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private counts: { at: number; documents: number; chunks: number } | undefined;

  constructor(private readonly o: AssistantServiceOptions) {
    this.settings = new AssistantSettingsStore(o.db, o.file, o.log);
    this.dataFolder = resolve(o.dataDir, 'knowledge');
    mkdirSync(this.dataFolder, { recursive: true });
    this.connection = this.connect(this.settings.config);
    this.ollamaState = new OllamaStateCache(
      () => this.connection,
      () => this.settings.config,
      o.clock,
    );
    this.index = new KnowledgeIndex({
      file: o.knowledgeFile ?? join(o.dataDir, KNOWLEDGE_FILE),
      folders: this.folders(this.settings.config),
      log: o.log,
      now: o.clock,
      watch: o.watch ?? true,
    });
    this.reports = new ReportStore(o.db);
    this.backend = {
      search: (query, options) => this.index.search(query, options),
      store: this.index.store,
      ollama: () => this.connection,
      health: () => this.ollamaState.get(),
      markUnreachable: (message) => {
        this.ollamaState.markUnreachable(message);
        this.followHealth(this.ollamaState.peek());
      },
      alarms: {
        get: (id) => o.alarmStore.get(id),
        journal: (id) => o.alarmStore.journal(id),
        pastOf: (key, beforeId, limit) => o.alarmStore.pastOf(key, beforeId, limit),
      },
      labels: { recent: (deviceId, limit, signal) => recentLabels(o.annotations.liveOf(deviceId), limit, signal) },
      device: (id) => o.registry.get(id),
      recent: async (deviceId, signal, at, limit) => {
        try {
          const rows = await o.history.rawReadings([seriesKey(deviceId, signal)], at - 10 * 60_000, at, 5000);
          return rows.slice(-limit).map((r) => ({ ts: r.ts, value: r.value }));
        } catch {
          return [];
        }
      },
      clock: o.clock,
      log: o.log,
    };
    this.queue = new ReportQueue({
      make: (alarm, signal) => makeReport(alarm, this.backend, signal),
      save: (report) => this.reports.save(report),
      has: (alarmId) => this.reports.get(alarmId) !== undefined,
      config: () => this.settings.config.reports,
      clock: o.clock,
      log: o.log,
    });
  }

  start(): void {
    const { alarms } = this.o;
    this.cleanup.push(
      alarms.onEvent((e) => {
        if (e.type === 'raised') this.queue.offer(e.alarm);
      }),
      this.queue.onChange((alarmId, state) => {
        this.statusChanged();
        // Called inside offer(), on the alarm path: the stored report is read afterwards, and only
        // when a panel is listening.
        if (this.reportListeners.size === 0) return;
        queueMicrotask(() => {
          if (this.stopped) return;
          const status: AlarmReportStatus = { alarmId, state, report: this.reports.get(alarmId) ?? null };
          for (const l of this.reportListeners) l(status);
        });
      }),
      this.index.indexer.onEvent((e) => {
        if (e.type === 'synced') this.lastSyncAt = this.o.clock();
        this.statusChanged();
      }),
    );
    this.index.start();
    void this.refreshHealth();
    this.pollTimer = setInterval(() => void this.refreshHealth(), this.o.healthPollMs ?? HEALTH_POLL_MS);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.statusTimer);
    for (const off of this.cleanup.splice(0)) off();
    this.statusListeners.clear();
    this.reportListeners.clear();
    await this.queue.stop();
    await this.index.stop();
  }

  // --- settings -------------------------------------------------------------------------------

  settingsView(): AssistantSettings {
    return this.settings.view();
  }

  async saveSettings(config: AssistantConfig, client: ClientInfo): Promise<AssistantSettings> {
    const before = this.settings.config;
    const issues = config.folders.flatMap((f, i) =>
      isAbsolute(f) ? [] : [{ path: `folders.${i}`, message: `"${f}" is not an absolute path` }],
    );
    if (issues.length > 0) {
      throw new EngineError('BAD_REQUEST', `assistant settings: ${issues[0]!.path}: ${issues[0]!.message}`, {
        issues,
      });
    }
    for (const folder of config.folders) {
      if (!before.folders.includes(folder)) await this.o.clientFolders.readable(folder, client, 'a knowledge folder');
    }
    const view = this.settings.save(config, this.o.clock());
    this.apply(before);
    return view;
  }

  resetSettings(): AssistantSettings {
    const before = this.settings.config;
    const view = this.settings.reset();
    this.apply(before);
    return view;
  }

  // --- status ---------------------------------------------------------------------------------

  /** Checks Ollama when what is known is stale (within a second), and describes everything. */
  async status(): Promise<AssistantStatus> {
    return this.describe(await this.ollamaState.get());
  }

  /** Whenever something changes; index progress at most twice a second. */
  onStatus(listener: (s: AssistantStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onReport(listener: (s: AlarmReportStatus) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /** Health's one-line view (GET /api/health): no Ollama check, what is known now. */
  brief(): {
    answers: 'model' | 'retrieval';
    ollama: OllamaState['state'] | 'unknown';
    documents: number;
    chunks: number;
  } {
    const known = this.ollamaState.peek();
    const now = this.o.clock();
    // Health is asked every two seconds per client: the index's counts are read at most every 5 s.
    if (!this.counts || now - this.counts.at > 5000) {
      const index = this.index.indexer.status();
      this.counts = { at: now, documents: index.documents.ok, chunks: index.chunks };
    }
    return {
      answers: known && chatUsable(known) ? 'model' : 'retrieval',
      ollama: known?.state ?? 'unknown',
      documents: this.counts.documents,
      chunks: this.counts.chunks,
    };
  }

  // --- knowledge ------------------------------------------------------------------------------

  documents(): KnowledgeDocument[] {
    return this.index.store.documents().map((d) => ({
      path: d.path,
      folder: d.folder,
      title: d.title,
      type: d.type,
      status: d.status,
      reason: d.reason,
      pages: d.pages,
      chunks: d.chunkCount,
      size: d.size,
      indexedAt: d.indexedAt,
    }));
  }

  async reindex(): Promise<AssistantStatus> {
    await this.index.indexer.sync();
    return this.status();
  }

  async search(query: string, k: number): Promise<KnowledgeSearchResult> {
    const started = performance.now();
    const result = await this.index.search(query, { k });
    return {
      mode: result.mode,
      note: result.note ?? null,
      hits: result.hits.map((h) => ({
        chunkId: h.chunkId,
        path: h.path,
        title: h.title,
        headingPath: h.headingPath,
        page: h.page,
        snippet: h.snippet,
        score: h.score,
      })),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  open(request: OpenRequest): OpenedDocument {
    return openDocument(this.index.store, request);
  }

  // --- questions and reports ------------------------------------------------------------------

  ask(params: AskParams, emit: (e: AskEvent) => void, signal: AbortSignal): Promise<void> {
    return askQuestion(params, this.backend, emit, signal);
  }

  report(alarmId: number): AlarmReportStatus {
    this.alarm(alarmId);
    return { alarmId, state: this.queue.state(alarmId), report: this.reports.get(alarmId) ?? null };
  }

  regenerate(alarmId: number): AlarmReportStatus {
    this.queue.regenerate(this.alarm(alarmId));
    return this.report(alarmId);
  }

  feedback(alarmId: number, useful: boolean, comment: string | undefined, by: string): AlarmReport {
    this.alarm(alarmId);
    const report = this.reports.feedback(alarmId, useful, comment ?? null, by, this.o.clock());
    for (const l of this.reportListeners) l({ alarmId, state: this.queue.state(alarmId), report });
    return report;
  }

  // --- internals ------------------------------------------------------------------------------

  private alarm(id: number): Alarm {
    const alarm = this.o.alarmStore.get(id);
    if (!alarm) throw new EngineError('NOT_FOUND', `no alarm ${id}`);
    return alarm;
  }

  private connect(config: AssistantConfig): OllamaConnection | undefined {
    if (!config.enabled) return undefined;
    return new OllamaConnection({
      baseUrl: config.baseUrl,
      chatModel: config.chatModel,
      embeddingModel: config.embeddingModel,
      firstTokenTimeoutMs: config.firstTokenTimeoutMs,
    });
  }

  private folders(config: AssistantConfig): string[] {
    const shipped = this.o.shippedFolder && existsSync(this.o.shippedFolder) ? [resolve(this.o.shippedFolder)] : [];
    return [...shipped, this.dataFolder, ...config.folders];
  }

  private apply(before: AssistantConfig): void {
    const next = this.settings.config;
    const ollamaChanged =
      before.enabled !== next.enabled ||
      before.baseUrl !== next.baseUrl ||
      before.chatModel !== next.chatModel ||
      before.embeddingModel !== next.embeddingModel ||
      before.firstTokenTimeoutMs !== next.firstTokenTimeoutMs;
    if (ollamaChanged) {
      this.connection = this.connect(next);
      this.ollamaState.reset();
      this.index.indexer.setEmbedder(undefined);
      void this.refreshHealth();
    }
    if (before.folders.join('\n') !== next.folders.join('\n')) {
      void this.index.indexer
        .setFolders(this.folders(next))
        .catch((err: unknown) => this.o.log(`knowledge: re-indexing after a settings change failed: ${String(err)}`));
    }
    this.statusChanged();
  }

  private async refreshHealth(): Promise<void> {
    if (this.stopped) return;
    const state = await this.ollamaState.check();
    if (!this.stopped) this.followHealth(state);
  }

  /** The index embeds (and searches by vectors) only while the embedding model is there. */
  private followHealth(state: OllamaState | undefined): void {
    const conn = this.connection;
    const usable = conn !== undefined && state?.embedding?.present === true;
    const current = this.index.indexer.currentEmbedder();
    if (usable && current?.model !== conn.options.embeddingModel) {
      this.index.indexer.setEmbedder(ollamaEmbedder(conn, this.o.log));
    } else if (!usable && current) {
      this.index.indexer.setEmbedder(undefined);
    }
    this.statusChanged();
  }

  private statusChanged(): void {
    if (this.statusTimer || this.statusListeners.size === 0 || this.stopped) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      const known = this.ollamaState.peek();
      if (!known) return;
      const status = this.describe(known);
      for (const l of this.statusListeners) l(status);
    }, STATUS_THROTTLE_MS);
    this.statusTimer.unref();
  }

  private describe(ollama: OllamaState): AssistantStatus {
    const index = this.index.indexer.status();
    const problems = new Map(index.folderProblems.map((p) => [p.folder, p.reason]));
    const shipped = this.o.shippedFolder && resolve(this.o.shippedFolder);
    const folders = index.folders.map((path) => ({
      path,
      origin:
        path === shipped ? ('shipped' as const) : path === this.dataFolder ? ('data' as const) : ('site' as const),
      problem: problems.get(path) ?? null,
    }));
    const sync = index.lastSync;
    const counts = this.queue.counts();
    return {
      enabled: this.settings.config.enabled,
      answers: chatUsable(ollama) ? 'model' : 'retrieval',
      ollama,
      index: {
        state: index.state,
        folders,
        documents: index.documents,
        chunks: index.chunks,
        search: index.embeddings.model !== null && index.embeddings.done > 0 ? 'hybrid' : 'keyword',
        embeddings: {
          model: index.embeddings.model,
          done: index.embeddings.done,
          pending: index.embeddings.pending,
          failed: index.embeddings.failed,
          lastError: index.embeddings.lastError,
        },
        lastSync: sync
          ? {
              at: this.lastSyncAt ?? this.o.clock(),
              durationMs: sync.durationMs,
              indexed: sync.indexed,
              unchanged: sync.unchanged,
              removed: sync.removed,
              errors: sync.errors,
            }
          : null,
      },
      reports: counts,
    };
  }
}
