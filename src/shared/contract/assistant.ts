// The assistant in the contract: its settings (Settings → Assistant, layered over the file's
// `assistant` section), its state (Ollama's health, the knowledge index), the knowledge base
// (documents, search, a passage opened in the viewer), questions answered as a stream with
// citations, and the report kept with each alarm.
//
// Passages are numbered per answer: `[n]` in an answer or a report names `passages[n - 1]`, and
// the engine checks every `[n]` against what it actually sent before anything is shown.
import { z } from 'zod';
import { Priority } from '../domain';
import { ErrorCode } from '../errors';

const NoParams = z.object({}).strict();
const AlarmId = z.number().int().min(1);

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

/** http(s), a host, no credentials, query or fragment: where every Ollama request goes. */
function isOllamaUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}

export const AssistantReportsConfig = z
  .object({
    /** Reports for new alarms in the background; off: only when an operator asks. */
    enabled: z.boolean().default(true),
    /** New alarms at or above this priority get a report. */
    minPriority: Priority.default('high'),
    /** At most this many reports start per minute; a flood keeps the newest. */
    perMinute: z.number().int().min(1).max(120).default(6),
    /** Alarms waiting for a report; past it the oldest waiting one is dropped (and counted). */
    queueLimit: z.number().int().min(1).max(500).default(20),
  })
  .strict();

export const AssistantConfig = z
  .object({
    /** Off: no Ollama request at all; search and the runbooks still work. */
    enabled: z.boolean().default(true),
    /** The one Ollama server every request goes to. */
    baseUrl: z
      .string()
      .trim()
      .max(500)
      .default(DEFAULT_OLLAMA_URL)
      .refine(isOllamaUrl, 'must be an http:// or https:// URL without a user, query or fragment'),
    chatModel: z.string().trim().min(1, 'name a chat model').max(200).default('llama3.2:3b'),
    /** '' searches by keywords only. */
    embeddingModel: z.string().trim().max(200).default('nomic-embed-text'),
    /**
     * The site's own folders of runbooks (absolute paths on the engine's machine), indexed besides
     * the shipped runbooks and <data>/knowledge.
     */
    folders: z.array(z.string().trim().min(1).max(1000)).max(50).default([]),
    reports: AssistantReportsConfig.prefault({}),
    /** From sending a question to the first token (includes loading the model on a cold CPU). */
    firstTokenTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  })
  .strict();
export type AssistantConfig = z.infer<typeof AssistantConfig>;
export type AssistantConfigInput = z.input<typeof AssistantConfig>;

export const AssistantSettings = z.object({
  config: AssistantConfig,
  /** file: the configuration file (or defaults); settings: saved from the UI, overriding the file. */
  source: z.enum(['file', 'settings']),
  updatedAt: z.number().nullable(),
});
export type AssistantSettings = z.infer<typeof AssistantSettings>;

const ModelPresence = z.object({
  name: z.string(),
  present: z.boolean(),
  /** When missing: what to run on the Ollama machine (`ollama pull …`). */
  pullCommand: z.string().nullable(),
});

export const OllamaState = z.object({
  state: z.enum(['disabled', 'unreachable', 'ready', 'models-missing']),
  baseUrl: z.string(),
  version: z.string().nullable(),
  chat: ModelPresence.nullable(),
  /** null when no embedding model is configured. */
  embedding: ModelPresence.nullable(),
  /** Why it is unreachable, in words. */
  message: z.string().nullable(),
  checkedAt: z.number(),
});
export type OllamaState = z.infer<typeof OllamaState>;

export const KnowledgeFolder = z.object({
  path: z.string(),
  origin: z.enum(['shipped', 'data', 'site']),
  /** Why it is not indexed (missing, not a folder, unreadable); null when fine. */
  problem: z.string().nullable(),
});

export const AssistantStatus = z.object({
  enabled: z.boolean(),
  /** Where answers come from now: the model, or retrieval alone (and why, in `ollama`). */
  answers: z.enum(['model', 'retrieval']),
  ollama: OllamaState,
  index: z.object({
    state: z.enum(['idle', 'syncing', 'embedding', 'stopped']),
    folders: z.array(KnowledgeFolder),
    documents: z.object({ ok: z.number().int(), error: z.number().int() }),
    chunks: z.number().int(),
    /** Search mode: hybrid once chunks have vectors of the configured embedding model. */
    search: z.enum(['hybrid', 'keyword']),
    embeddings: z.object({
      model: z.string().nullable(),
      done: z.number().int(),
      pending: z.number().int(),
      failed: z.number().int(),
      lastError: z.string().nullable(),
    }),
    lastSync: z
      .object({
        at: z.number(),
        durationMs: z.number(),
        indexed: z.number().int(),
        unchanged: z.number().int(),
        removed: z.number().int(),
        errors: z.number().int(),
      })
      .nullable(),
  }),
  reports: z.object({
    queued: z.number().int(),
    running: z.number().int(),
    /** Since the engine started. */
    made: z.number().int(),
    fallbacks: z.number().int(),
    /** Left out by the rate limit or the queue limit (a flood), since the engine started. */
    dropped: z.number().int(),
  }),
});
export type AssistantStatus = z.infer<typeof AssistantStatus>;

export const KnowledgeDocument = z.object({
  path: z.string(),
  folder: z.string(),
  title: z.string().nullable(),
  /** The extension: .md, .txt, .html, .pdf. */
  type: z.string(),
  status: z.enum(['ok', 'error']),
  /** Why it could not be read; null when indexed. */
  reason: z.string().nullable(),
  pages: z.number().int().nullable(),
  chunks: z.number().int(),
  size: z.number(),
  indexedAt: z.number(),
});
export type KnowledgeDocument = z.infer<typeof KnowledgeDocument>;

/** A passage as sent to the model and shown to the operator. */
export const Passage = z.object({
  /** Its number in this answer or report: cited as `[n]`. */
  n: z.number().int().min(1),
  /** document: a chunk of the knowledge base; alarm: this alarm's journal or a past alarm. */
  kind: z.enum(['document', 'alarm']),
  /** The chunk (document), or `alarm:<id>`. */
  ref: z.string(),
  /** The document's path; null for an alarm passage. */
  path: z.string().nullable(),
  /** Document title, or what the alarm passage is. */
  title: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().nullable(),
  /** The alarm an alarm passage is about. */
  alarmId: z.number().int().nullable(),
  text: z.string(),
});
export type Passage = z.infer<typeof Passage>;

export const SearchHitView = z.object({
  chunkId: z.string(),
  path: z.string(),
  title: z.string(),
  headingPath: z.array(z.string()),
  page: z.number().int().nullable(),
  /** An excerpt with the matched words between « and ». */
  snippet: z.string(),
  score: z.number(),
});

export const KnowledgeSearchResult = z.object({
  mode: z.enum(['hybrid', 'keyword']),
  /** Why the search was keyword-only, when embeddings are configured but were not used. */
  note: z.string().nullable(),
  hits: z.array(SearchHitView),
  tookMs: z.number(),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResult>;

export const OpenParams = z
  .object({
    /** A passage: the viewer opens its document there, highlighted. */
    chunkId: z.string().min(1).max(200).optional(),
    /** Or a whole document (its first page). */
    path: z.string().min(1).max(4000).optional(),
    /** With `path`: a PDF's page (1-based). */
    page: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((p) => (p.chunkId === undefined) !== (p.path === undefined), {
    message: 'give either "chunkId" or "path"',
  });

/** What the document viewer shows: the document's text (a PDF's one page) and what to highlight. */
export const OpenedDocument = z.object({
  path: z.string(),
  title: z.string(),
  type: z.string(),
  /** PDF: the page shown, and how many there are. */
  page: z.number().int().nullable(),
  pages: z.number().int().nullable(),
  /** Headings of the document (Markdown, HTML) with where they start in `text`, for a table of contents. */
  headings: z.array(z.object({ path: z.array(z.string()), start: z.number().int() })),
  text: z.string(),
  /** Where `text` starts in the document's extracted text (a long document is sent as a window). */
  offset: z.number().int(),
  /** The passage to highlight, as offsets into `text`; null when a whole document was opened. */
  highlight: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
});
export type OpenedDocument = z.infer<typeof OpenedDocument>;

const Cited = z.object({ text: z.string(), citations: z.array(z.number().int().min(1)) });

export const ReportSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export const ReportCategory = z.enum(['process', 'equipment', 'instrument', 'communication', 'quality', 'unknown']);

/** The specification's "RAG error report", kept with its alarm. */
export const AlarmReport = z.object({
  alarmId: z.number().int(),
  /** model: a structured answer from Ollama; retrieval: the deterministic fallback from the runbook. */
  source: z.enum(['model', 'retrieval']),
  /** Why this is the fallback (Ollama down, model missing, the answer broke the schema twice). */
  note: z.string().nullable(),
  severity: ReportSeverity,
  category: ReportCategory,
  summary: z.string(),
  causes: z.array(Cited),
  actions: z.array(Cited),
  /** The runbook's safety notes for this alarm: shown before the actions. */
  safety: z.array(Cited).default([]),
  confidence: z.enum(['low', 'medium', 'high']),
  passages: z.array(Passage),
  /** The model that wrote it; null for the fallback. */
  model: z.string().nullable(),
  /** sha256 of the prompt sent (or that would have been sent), for audit. */
  promptHash: z.string(),
  chunkIds: z.array(z.string()),
  durationMs: z.number(),
  createdAt: z.number(),
  feedback: z
    .object({ useful: z.boolean(), comment: z.string().nullable(), by: z.string(), at: z.number() })
    .nullable(),
});
export type AlarmReport = z.infer<typeof AlarmReport>;

export const ReportState = z.enum(['none', 'queued', 'running', 'ready']);
export type ReportState = z.infer<typeof ReportState>;

export const AlarmReportStatus = z.object({
  alarmId: z.number().int(),
  state: ReportState,
  /** The newest report; kept while a regenerated one is made. */
  report: AlarmReport.nullable(),
});
export type AlarmReportStatus = z.infer<typeof AlarmReportStatus>;

const ChatTurn = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }).strict();

export const AskParams = z
  .object({
    question: z.string().trim().min(1, 'ask a question').max(2000),
    /** The alarm the question is about: its evidence, journal and past alarms go with it. */
    alarmId: AlarmId.optional(),
    /** The device the question is about (the device view). */
    deviceId: z.string().min(1).max(200).optional(),
    /** The conversation so far, oldest first. */
    history: z.array(ChatTurn).max(20).default([]),
  })
  .strict();
export type AskParams = z.infer<typeof AskParams>;

/**
 * One answer, as it is made: `context` first (within a second, whatever Ollama does), then the
 * model's tokens, then `done` — or `failed`. Without Ollama, `context` says answers come from
 * retrieval and `done` follows at once with the passages as the answer.
 */
export const AskEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('context'),
    answers: z.enum(['model', 'retrieval']),
    passages: z.array(Passage),
    /** Why retrieval alone, when it is. */
    note: z.string().nullable(),
  }),
  z.object({ type: z.literal('token'), text: z.string() }),
  z.object({
    type: z.literal('done'),
    /** The answer with every `[n]` checked: a number that names no sent passage is removed. */
    answer: z.string(),
    /** Passages the answer cites. */
    cited: z.array(z.number().int()),
    /** `[n]` the model wrote that named no passage sent (removed from `answer`). */
    removed: z.array(z.number().int()),
    /** The knowledge base does not cover the question: said, not invented. */
    notCovered: z.boolean(),
    model: z.string().nullable(),
    durationMs: z.number(),
  }),
  z.object({ type: z.literal('failed'), code: ErrorCode, message: z.string() }),
]);
export type AskEvent = z.infer<typeof AskEvent>;

/** The words the assistant uses when the knowledge base does not answer a question. */
export const NOT_COVERED = 'Not in the runbooks';

export const assistantRequests = {
  'assistant.settings.get': { params: NoParams, result: AssistantSettings },
  /** Validates and saves (state.db, overriding the file); folders must be readable by the caller. */
  'assistant.settings.set': { params: AssistantConfig, result: AssistantSettings },
  /** Forgets what the UI saved: the configuration file applies again. */
  'assistant.settings.reset': { params: NoParams, result: AssistantSettings },
  /** Ollama's health (checked now, within a second) and the knowledge index. */
  'assistant.status': { params: NoParams, result: AssistantStatus },
  /** Every document found in the knowledge folders, with a reason for each that could not be read. */
  'assistant.documents': { params: NoParams, result: z.array(KnowledgeDocument) },
  /** Reads the folders again now (a changed file is re-indexed, an unchanged one costs a stat). */
  'assistant.reindex': { params: NoParams, result: AssistantStatus },
  'assistant.search': {
    params: z
      .object({ query: z.string().trim().min(1).max(2000), k: z.number().int().min(1).max(50).default(10) })
      .strict(),
    result: KnowledgeSearchResult,
  },
  'assistant.open': { params: OpenParams, result: OpenedDocument },
  /** The alarm's report and whether one is being made. */
  'assistant.report': { params: z.object({ alarmId: AlarmId }).strict(), result: AlarmReportStatus },
  /** Makes the alarm's report again (whatever its priority), ahead of the background queue. */
  'assistant.regenerate': { params: z.object({ alarmId: AlarmId }).strict(), result: AlarmReportStatus },
  /** Was the report useful? Kept with it (the caller is recorded). */
  'assistant.feedback': {
    params: z
      .object({ alarmId: AlarmId, useful: z.boolean(), comment: z.string().trim().max(2000).optional() })
      .strict(),
    result: AlarmReport,
  },
} as const;

export const assistantStreams = {
  /** A question answered as it is generated; unsubscribing cancels it (within 200 ms). */
  'assistant.ask': { params: AskParams, event: AskEvent },
  /** A report queued, started or finished (every alarm). */
  'assistant.reports': { params: NoParams, event: AlarmReportStatus },
  /** The assistant's status whenever it changes (index progress at most twice a second). */
  'assistant.status': { params: NoParams, event: AssistantStatus },
} as const;
