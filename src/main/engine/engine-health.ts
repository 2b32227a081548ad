// The engine's health from its services: sources (the running ones, then each single-instance
// kind that is on: HTTP ingest), history, counts, and whether anything a user should act on makes
// it degraded (health-problems.ts).
import type { Health } from '../../shared/domain';
import type { SingleSourceKindName } from '../../shared/sources/source-kinds';
import type { EngineServices } from './engine-services';
import { healthProblems } from './health-problems';
import { SINGLE_SOURCE_KIND_LIST } from './ingest/kinds/source-kinds';

type HealthServices = Pick<
  EngineServices,
  | 'config'
  | 'clock'
  | 'version'
  | 'history'
  | 'sourceRunner'
  | 'sourceSettings'
  | 'pipeline'
  | 'broker'
  | 'simulator'
  | 'deadLetters'
  | 'alarms'
  | 'assistant'
>;

export interface EngineRun {
  status: Health['status'];
  startedAt: number;
}

export function engineHealth(s: HealthServices, run: EngineRun): Health {
  const sources = s.sourceRunner.list().map((source) => source.health());
  for (const k of SINGLE_SOURCE_KIND_LIST) {
    // Served by a transport, not run by the engine: the kind reports from its configuration and counters.
    const entry = k.health(s.sourceSettings.single(k.schemas.kind as SingleSourceKindName), s.pipeline);
    if (entry) sources.push(entry);
  }
  const history = s.history.condition();
  const problems = healthProblems({ sources, history, minFreeBytes: s.config.history.recovery.minFreeBytes });
  return {
    status: run.status === 'ok' && problems.length > 0 ? 'degraded' : run.status,
    problems,
    history,
    version: s.version,
    startedAt: run.startedAt,
    uptimeMs: s.clock() - run.startedAt,
    broker: s.broker ? { embedded: true, url: s.broker.url, clients: s.broker.clients } : null,
    sources,
    simulator: {
      running: s.simulator?.isRunning ?? false,
      published: s.simulator?.publishedTotal ?? 0,
      ...(s.simulator && { mode: s.simulator.mode }),
    },
    readings: { received: s.pipeline.received, stored: s.history.stored },
    deadLetters: s.deadLetters.count,
    deadLettersDropped: s.deadLetters.dropped.count,
    activeAlarms: s.alarms.activeCount,
    dataDir: s.config.dataDir,
    assistant: s.assistant.brief(),
  };
}

/** Before the services exist: what a caller asking this early can be told. */
export function startingHealth(config: { dataDir: string }, version: string, run: EngineRun, now: number): Health {
  return {
    status: run.status,
    problems: [],
    history: null,
    version,
    startedAt: run.startedAt,
    uptimeMs: run.startedAt > 0 ? now - run.startedAt : 0,
    broker: null,
    sources: [],
    simulator: { running: false, published: 0 },
    readings: { received: 0, stored: 0 },
    deadLetters: 0,
    deadLettersDropped: 0,
    activeAlarms: 0,
    dataDir: config.dataDir,
    assistant: null,
  };
}
