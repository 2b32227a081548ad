// The engine's services once started: one read-only record, built by Engine.start() in
// dependency order. Whatever serves the engine — contract handlers, metrics, jobs, the file
// importer, transports and tests — takes the services it uses from here (or is handed them),
// never the Engine itself: nothing here is filled in later, and nothing needs a guard.
import type { Health } from '../../shared/domain';
import type { CallAuditor } from './access/access-ports';
import type { AccessService } from './access/access-service';
import type { StationPort } from './station/station-port';
import type { AuditLog } from './access/audit-log';
import type { AlarmService } from './alarms/alarm-service';
import type { AlarmStore } from './alarms/alarm-store';
import type { AnnotationService } from './annotations/annotation-service';
import type { AssistantService } from './assistant/assistant-service';
import type { Config } from './config/config-schema';
import type { Detection } from './detect/engine-detection';
import type { LabelFeedback } from './detect/feedback/label-feedback';
import type { ModelService } from './detect/models/model-service';
import type { ClientFolders } from './files/client-folders';
import type { HistoryStore } from './history/history-store';
import type { EmbeddedBroker } from './ingest/embedded-broker';
import type { FileImporter } from './ingest/file-import/file-importer';
import type { Pipeline } from './ingest/pipeline';
import type { SourceRunner } from './ingest/source-settings/source-runner';
import type { SourceSettings } from './ingest/source-settings/source-settings';
import type { JobRegistry } from './jobs/job-registry';
import type { LiveHub } from './live/live-hub';
import type { Notifier } from './notify/notifier';
import type { DevicePresence } from './presence';
import type { RuntimeGauges } from './metrics/runtime-gauges';
import type { RateMeter } from './rate-meter';
import type { Simulator } from './simulator/simulator';
import type { DeadLetterStore } from './state/dead-letters';
import type { DeviceRegistry } from './state/device-registry';
import type { StateDb } from './state/state-db';

export interface EngineServices {
  readonly config: Config;
  readonly clock: () => number;
  readonly log: (message: string) => void;
  readonly version: string;
  /** Identifies this installation to brokers; kept in <data>/station-id (station-id.ts). */
  readonly stationId: string;
  /** This station's installation: updates, start at login (station/station-port.ts). */
  readonly station: StationPort;
  /** The engine's health now: status, sources, history, counts. */
  readonly health: () => Health;
  /** The audit trail's side of every call (access-ports.ts, audit-trail.ts): the access control hands it each write and refusal. */
  readonly audit: CallAuditor;
  /** Users, sessions, API tokens and the permission table: every call passes it (access-service.ts). */
  readonly access: AccessService;

  readonly history: HistoryStore;
  readonly stateDb: StateDb;
  readonly registry: DeviceRegistry;
  /** Sources, devices and ingest settings: the configuration file with Settings layered over it. */
  readonly sourceSettings: SourceSettings;
  readonly deadLetters: DeadLetterStore;
  readonly alarmStore: AlarmStore;
  readonly alarms: AlarmService;
  /** Expert labels (annotations): their store, history and the in-memory index detection reads. */
  readonly annotations: AnnotationService;
  readonly notifier: Notifier;
  readonly live: LiveHub;
  /** The process's event-loop delay (GET /metrics). */
  readonly runtime: RuntimeGauges;
  /** Readings stored per second, sampled every few seconds. */
  readonly ingestRate: RateMeter;
  /** Devices a source reported dead (Sparkplug). */
  readonly presence: DevicePresence;
  readonly detection: Detection;
  readonly models: ModelService;
  /** Rule suggestions from labels, and models evaluated against them. */
  readonly feedback: LabelFeedback;
  readonly pipeline: Pipeline;
  readonly jobs: JobRegistry;
  readonly importer: FileImporter;
  /** Where clients may name files (import, backup, lake export). */
  readonly clientFolders: ClientFolders;
  /** The embedded MQTT broker, when configured. */
  readonly broker: EmbeddedBroker | undefined;
  /** The sources that run now; Settings → Sources adds, restarts and stops them live. */
  readonly sourceRunner: SourceRunner;
  /** The Ollama-backed assistant: knowledge base, questions, alarm reports. */
  readonly assistant: AssistantService;
  /** The built-in simulator, when enabled and there is a broker to publish to. */
  readonly simulator: Simulator | undefined;
  /** The audit trail's store: audit.list / export / verify. */
  readonly auditLog: AuditLog;
}
