// What answering a question and writing an alarm report need from the rest of the engine, as one
// narrow interface: the assistant service (assistant-service.ts) builds it from the services
// record, and tests build it from a real knowledge index, a real state.db and the Ollama stand-in.
import type { OllamaState } from '../../../shared/contract/assistant';
import type { Alarm, AlarmJournalEntry, Device } from '../../../shared/domain';
import type { LabelRange } from '../annotations/annotation-ports';
import type { SearchOptions, SearchResult } from './knowledge/knowledge-search';
import type { KnowledgeStore } from './knowledge/knowledge-store';
import type { OllamaConnection } from './ollama/ollama-connection';

/** A few recent readings of one series, oldest first (the alarm's trend). */
export interface RecentReading {
  ts: number;
  value: number;
}

export interface AssistantBackend {
  /** Hybrid (or keyword) search over the knowledge base. */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** The knowledge base's documents, chunks and extracted text (the fallback report reads a runbook's Actions). */
  readonly store: KnowledgeStore;
  /** The connection to Ollama while the assistant is on; undefined when it is switched off. */
  ollama(): OllamaConnection | undefined;
  /** Ollama's state, answered within a second (cached for a few seconds; a failure marks it stale). */
  health(): Promise<OllamaState>;
  /** Tells the health cache that a call just failed as unreachable, so the next question does not wait for it. */
  markUnreachable(message: string): void;
  alarms: {
    get(id: number): Alarm | undefined;
    journal(id: number): AlarmJournalEntry[];
    /** Closed alarms of the same key (device, signal, kind), newest first, raised before `beforeId`. */
    pastOf(key: string, beforeId: number, limit: number): Alarm[];
  };
  /** Expert labels (annotations): the plant's own record of what happened. */
  labels: {
    /** A device's live labels, the most recently ended first; those of `signal` and "*" before the others when given. */
    recent(deviceId: string, limit: number, signal?: string): LabelRange[];
  };
  device(id: string): Device | undefined;
  /** The series' readings over the last minutes before `at` (at most `limit`); [] when history cannot say. */
  recent(deviceId: string, signal: string, at: number, limit: number): Promise<RecentReading[]>;
  clock(): number;
  log(message: string): void;
}
