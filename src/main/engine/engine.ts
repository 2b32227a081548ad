// The composition root: starts the engine's services in dependency order into one read-only
// record (engine-services.ts), registers how each one stops as it starts, stops them in the
// reverse order, and exposes the contract's handlers on the record. Used unchanged by the
// Electron utility process, `watchfloor serve` and the tests. Never imports electron; receives
// its configuration.
import { mkdirSync } from 'node:fs';
import type { Health } from '../../shared/domain';
import { EngineError } from '../../shared/errors';
import { IN_PROCESS, type CallContext } from '../../shared/rpc/call-context';
import type { ContractHandlers } from '../../shared/rpc/server';
import { AccessService } from './access/access-service';
import { AuditLog } from './access/audit-log';
import { AuditTrail } from './access/audit-trail';
import { AlarmService } from './alarms/alarm-service';
import { AlarmStore } from './alarms/alarm-store';
import { AnnotationService } from './annotations/annotation-service';
import { AssistantService } from './assistant/assistant-service';
import { findShippedKnowledge } from './assistant/shipped-knowledge';
import { createHandlers } from './api-handlers';
import type { Config } from './config/config-schema';
import { Detection } from './detect/engine-detection';
import { LabelFeedback } from './detect/feedback/label-feedback';
import { ModelService } from './detect/models/model-service';
import { engineHealth, startingHealth } from './engine-health';
import type { EngineServices } from './engine-services';
import { ClientFolders } from './files/client-folders';
import { HistoryStore } from './history/history-store';
import { EmbeddedBroker } from './ingest/embedded-broker';
import { createFileImporter } from './ingest/file-import/engine-file-import';
import { createSource } from './ingest/kinds/source-kinds';
import { Pipeline } from './ingest/pipeline';
import { SourceRunner } from './ingest/source-settings/source-runner';
import { SourceSettings } from './ingest/source-settings/source-settings';
import { JobRegistry } from './jobs/job-registry';
import { startStreamLogs, type StreamLogs } from './replay/stream-logs';
import { LiveHub } from './live/live-hub';
import { subscribeAlarmNotices } from './notify/alarm-notices';
import { Notifier } from './notify/notifier';
import { DevicePresence } from './presence';
import { RateMeter } from './rate-meter';
import { RuntimeGauges } from './metrics/runtime-gauges';
import { Simulator } from './simulator/simulator';
import { DeadLetterStore } from './state/dead-letters';
import { DeviceRegistry } from './state/device-registry';
import type { SecretBox } from './state/secret-box';
import { openSealedSettings } from './state/sealed-settings';
import { openStateFile } from './state/state-file';
import { openStationId } from './state/station-id';
import { StopOrder } from './stop-order';
import { SERVER_INSTALL_REASON, unmanagedStation, type StationPort } from './station/station-port';

export interface EnginePorts {
  clock?: () => number;
  log?: (message: string) => void;
  version?: string;
  /**
   * `--new-state`: when state.db is missing, damaged or not the one history was kept with,
   * move it aside and start with a new one instead of refusing to start (state-file.ts).
   */
  newState?: boolean;
  /** The runbooks shipped with Watchfloor (default: resources/knowledge beside the build), indexed besides the site's own. */
  knowledgeDir?: string;
  /** Seals secrets saved in Settings (state/sealed-settings.ts); absent: `<data>/secrets.key`. */
  secretBox?: SecretBox;
  /** Tests: a replay window shorter than `server.replayMinutes` allows (replay/stream-logs.ts). */
  replayWindowMs?: number;
  /** This station's updater and start-at-login (the desktop shell's); absent: a server install. */
  station?: StationPort;
  /** Tests with a fast clock: how many times faster than real time `clock` runs (the simulator keeps pace). */
  timeScale?: number;
}

export class Engine {
  readonly config: Config;
  private readonly clock: () => number;
  private readonly log: (message: string) => void;
  private readonly version: string;
  private readonly newState: boolean;
  private readonly knowledgeDir: string | undefined;
  private readonly secretBox: SecretBox | undefined;
  private readonly replayWindowMs: number;
  private readonly station: StationPort | undefined;
  private readonly timeScale: number;
  private replay: StreamLogs | undefined;
  private status: Health['status'] = 'starting';
  private startedAt = 0;
  private running: EngineServices | undefined;
  private readonly stopOrder = new StopOrder();
  private stopping: Promise<void> | undefined;

  constructor(config: Config, ports: EnginePorts = {}) {
    this.config = config;
    this.clock = ports.clock ?? Date.now;
    this.log = ports.log ?? (() => {});
    this.version = ports.version ?? '0.0.0';
    this.newState = ports.newState ?? false;
    this.knowledgeDir = ports.knowledgeDir ?? findShippedKnowledge();
    this.secretBox = ports.secretBox;
    this.station = ports.station;
    this.timeScale = ports.timeScale ?? 1;
    this.replayWindowMs = ports.replayWindowMs ?? config.server.replayMinutes * 60_000;
  }

  /** The started engine's services; asking before start() has finished is a programming error. */
  get services(): EngineServices {
    if (!this.running) throw new EngineError('UNAVAILABLE', 'the engine has not started');
    return this.running;
  }

  /** The order in which stop() will stop what has started (names, for logs and tests). */
  get stopSequence(): string[] {
    return this.stopOrder.names;
  }

  async start(): Promise<void> {
    const { config, clock, log, version, stopOrder } = this;
    this.startedAt = clock();
    mkdirSync(config.dataDir, { recursive: true });
    const station = openStationId(config.dataDir, config.dataDirAsGiven ?? config.dataDir);
    const stationId = station.id;
    const skew = config.ingest.maxClockSkewMs;
    if (skew !== undefined) {
      log(
        `ingest.maxClockSkewMs is deprecated: read as maxFutureMs ${config.ingest.maxFutureMs} and maxAgeMs ${config.ingest.maxAgeMs ?? 'none'}; set those instead (docs/configuration.md: Payloads)`,
      );
    }
    if (station.created) log(`station id ${station.id} (MQTT client ids watchfloor-${station.id}-<source>)`);

    // History first: it records which state file belongs with it, so a lost or swapped
    // state.db is refused rather than silently replaced by an empty one.
    const history = new HistoryStore(config.dataDir, { ...config.history, clock, log });
    stopOrder.add('history', () => history.stop());
    await history.start();
    const recordedId = await history.recordedStateId();
    const state = openStateFile(config.dataDir, { recordedId, replaceBroken: this.newState, log });
    const stateDb = state.db;
    stopOrder.add('state', () => {
      stateDb.close();
    });
    openSealedSettings(stateDb, { box: this.secretBox, dataDir: config.dataDir, log });
    if (recordedId !== state.id) {
      await history
        .recordStateId(state.id)
        .catch((err: unknown) => log(`could not record the state id in history: ${(err as Error).message}`));
    }

    // The audit trail: its store, and the auditor the access control hands every write to. Its
    // before/after snapshots run the reading handlers in-process, made once on first use.
    const auditLog = new AuditLog(stateDb, config.dataDir, clock);
    auditLog.reconcileHead();
    let readers: ContractHandlers | undefined;
    const audit = new AuditTrail(
      auditLog,
      async (method, params) => {
        readers ??= createHandlers(this.services);
        const handler = readers.requests[method] as (p: unknown, c: CallContext) => unknown;
        return handler(params, IN_PROCESS);
      },
      log,
    );

    const registry = new DeviceRegistry(stateDb);
    const presence = new DevicePresence();
    // Sources are built (and rebuilt by Settings → Sources) once the pipeline and the broker
    // exist; until sourceRunner.startAll below, nothing asks for one.
    const sourceRunner: SourceRunner = new SourceRunner({
      create: (spec) =>
        createSource(spec, {
          pipeline,
          log,
          clock,
          stationId,
          broker,
          sparkplug: {
            // One write per birth; metrics beyond the per-device cap are refused with their readings.
            onBirth: (birth) => {
              registry.registerSignals(birth.deviceId, birth.signals, clock(), config.ingest.maxSignalsPerDevice);
            },
            onDeath: (deviceIds, ts) => presence.report(deviceIds, ts),
          },
        }),
      drain: () => pipeline.drain(),
      log,
    });
    const sourceSettings: SourceSettings = new SourceSettings({
      db: stateDb,
      file: {
        ...config.sources,
        devices: config.devices,
        autoRegister: config.ingest.autoRegister,
        readingTimes: {
          maxFutureMs: config.ingest.maxFutureMs,
          maxAgeMs: config.ingest.maxAgeMs,
          liveWindowMs: config.ingest.liveWindowMs,
        },
      },
      runner: sourceRunner,
      embeddedBrokerUrl: () => broker?.url ?? null,
      devices: { configure: (d) => registry.configure(d, clock()), remove: (id) => registry.remove(id) },
      setAutoRegister: (value) => pipeline.setAutoRegister(value),
      setReadingTimes: (value) => pipeline.setReadingTimes(value),
      log,
    });
    registry.load(sourceSettings.devices, clock());
    const { maxRows, maxBytes, maxAgeDays } = config.ingest.deadLetters;
    const deadLetters = new DeadLetterStore(stateDb, { maxRows, maxBytes, maxAgeMs: maxAgeDays * 86_400_000 }, clock());

    // The notifier before the alarms it announces: alarms stop first, then the notifier.
    const notifier = new Notifier(
      { db: stateDb, clock, log, deviceName: (id) => registry.get(id)?.name },
      config.notifications,
    );
    notifier.start();
    stopOrder.add('notifier', () => notifier.stop());
    const alarmStore = new AlarmStore(stateDb);
    const alarms = new AlarmService(alarmStore, {
      ...config.alarms,
      clock,
      log,
      areaOf: (id) => registry.get(id)?.area,
    });
    alarms.start();
    stopOrder.add('alarms', () => alarms.stop());
    stopOrder.add(
      'alarm notices',
      subscribeAlarmNotices(alarms, (n) => notifier.notify(n)),
    );

    // Labels after the alarms and devices they name, before detection and models that read them.
    const annotations = new AnnotationService({
      db: stateDb,
      registry,
      alarmStore,
      storedSignals: (id) => history.signalsOf(id),
      clock,
      log,
    });
    annotations.start();
    stopOrder.add('annotations', () => annotations.stop());

    const clientFolders = new ClientFolders({ dataDir: config.dataDir, ...config.files });
    // After the alarms it listens to (it stops first); reports are made in the background.
    const assistant = new AssistantService({
      db: stateDb,
      dataDir: config.dataDir,
      shippedFolder: this.knowledgeDir,
      file: config.assistant,
      alarms,
      alarmStore,
      annotations,
      registry,
      history,
      clientFolders,
      clock,
      log,
    });
    assistant.start();
    stopOrder.add('assistant', () => assistant.stop());

    const live = new LiveHub(config.live.maxUpdatesPerSecond);
    live.seed(await history.latest(clock()));
    stopOrder.add('live', () => live.stop());
    const ingestRate = new RateMeter();
    const rateTimer = setInterval(() => ingestRate.sample(clock(), history.stored), 5000);
    rateTimer.unref?.();
    stopOrder.add('ingest rate', () => clearInterval(rateTimer));
    const runtime = new RuntimeGauges();
    runtime.start();
    stopOrder.add('runtime gauges', () => runtime.stop());

    const detection = new Detection({ db: stateDb, registry, alarms, history, clock, log }, config.detection);
    // False-alarm labels suppress their look-alikes from the first batch on (detect/feedback).
    await detection.feedback.connect(annotations);
    detection.start();
    stopOrder.add('detection', () => detection.stop());
    // Bad data out of rollups, range statistics, baselines and prediction; corrected values in exports.
    const badData = detection.useLabels(annotations, history);
    stopOrder.add('bad data in detection', () => badData.stop());
    stopOrder.add(
      'bad data in history',
      history.labels.use(annotations, (series, from, to) => Promise.resolve(annotations.corrected(series, from, to))),
    );
    stopOrder.add(
      'device deaths',
      presence.onDeath((d) => detection.offline.died(d.deviceId, d.at)),
    );

    const jobs = new JobRegistry(clock, log);
    const models = new ModelService(
      {
        db: stateDb,
        labels: annotations,
        dataDir: config.dataDir,
        jobs,
        device: (id) => registry.get(id),
        rawReadings: (series, from, to, limit) => history.rawReadings(series, from, to, limit),
        clock,
        log,
        version,
      },
      config.models,
    );
    await models.start();
    // Scoring follows every batch the detection stage processes; model anomalies are stored with
    // its flush and 'model' conditions go to the alarm service. Models stop before detection,
    // so that what they score last is still flushed.
    models.attach({
      observe: (o) => detection.stage.addBatchObserver(o),
      report: (a) => detection.stage.report(a),
      alarms,
      feedback: detection.feedback,
    });
    stopOrder.add('models', () => models.stop());
    // Rule suggestions follow label and rule changes; models are evaluated against labels on request.
    const feedback = new LabelFeedback({
      db: stateDb,
      labels: annotations,
      alarms: alarmStore,
      readings: (series, from, to, limit) => history.rawReadings(series, from, to, limit),
      rawReadings: (series, from, to, limit) => history.rawReadings(series, from, to, limit),
      rules: detection.rules,
      registry,
      models: (id) => models.registry.list(id),
      scores: models.scores,
      maxAgeMs: config.models.maxVectorAgeMs,
      deviceExists: (id) => registry.get(id) !== undefined,
      clock,
      log,
    });
    feedback.start();
    stopOrder.add('label feedback', () => feedback.stop());

    const pipeline: Pipeline = new Pipeline(
      { detection, registry, history, deadLetters, live, clock, log },
      { ...config.ingest, autoRegister: sourceSettings.autoRegister, ...sourceSettings.readingTimes },
    );
    stopOrder.add('pipeline', () => pipeline.stop());
    const importer = createFileImporter({ pipeline, history, registry, jobs, config, clock, log });
    stopOrder.add('file importer', () => importer.stop());
    // Running jobs (exports, imports, training, backups) are cancelled before what they use stops.
    stopOrder.add('jobs', () => jobs.stop());

    let broker: EmbeddedBroker | undefined;
    if (config.broker.embedded) {
      const embedded = new EmbeddedBroker({
        host: config.broker.host,
        port: config.broker.port,
        log,
        accepting: () => history.writable,
      });
      stopOrder.add('embedded broker', () => embedded.stop());
      await embedded.start();
      broker = embedded;
      log(`embedded MQTT broker on ${embedded.url}`);
    }

    let simulator: Simulator | undefined;
    const simulatorUrl = config.simulator.url ?? broker?.url ?? config.sources.mqtt[0]?.url;
    if (config.simulator.enabled && simulatorUrl) {
      const timeScale = this.timeScale;
      simulator = new Simulator(config.devices, { ...config.simulator, url: simulatorUrl, log, clock, timeScale });
    } else if (config.simulator.enabled) {
      log('simulator enabled but there is no broker to publish to; skipped');
    }

    // Every call passes the access control: the permission table, sessions, the area rule.
    const access = new AccessService({
      db: stateDb,
      clock,
      version,
      security: config.security,
      auditor: audit,
      alarmArea: (id) => (alarms.openAlarm(id) ?? alarmStore.get(id))?.area,
    });

    this.running = Object.freeze({
      config,
      clock,
      log,
      version,
      stationId,
      station: this.station ?? unmanagedStation(version, SERVER_INSTALL_REASON),
      health: () => this.health(),
      audit,
      access,
      history,
      stateDb,
      registry,
      sourceSettings,
      deadLetters,
      alarmStore,
      alarms,
      annotations,
      notifier,
      live,
      ingestRate,
      runtime,
      presence,
      detection,
      models,
      feedback,
      pipeline,
      jobs,
      importer,
      clientFolders,
      assistant,
      broker,
      sourceRunner,
      simulator,
      auditLog,
    });

    // Resumable streams are logged from now on, before any source can raise an alarm.
    const replay = startStreamLogs(createHandlers(this.running).streams, {
      windowMs: this.replayWindowMs,
      clock,
      // a window reading desktop notifications through the log: what waited for one is shown
      onSubscribe: (stream) => (stream === 'notifications.desktop' ? notifier.windowOpened() : undefined),
    });
    this.replay = replay;
    stopOrder.add('replay logs', () => replay.stop());

    stopOrder.add('sources', () => sourceRunner.stopAll());
    await sourceRunner.startAll(sourceSettings.startupSpecs());
    if (simulator) {
      const started = simulator;
      stopOrder.add('simulator', () => started.stop());
      await started.start();
    }
    this.status = 'ok';
  }

  /** Stops what has started, in the reverse order (stop-order.ts); calling it again waits for the same stop. */
  stop(): Promise<void> {
    this.status = 'stopping';
    this.stopping ??= this.stopOrder.stopAll(this.log).finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  health(): Health {
    const run = { status: this.status, startedAt: this.startedAt };
    return this.running
      ? engineHealth(this.running, run)
      : startingHealth(this.config, this.version, run, this.clock());
  }

  /** Users, sessions and the permission table, for the transports (connect, sign-in, ingest tokens). */
  get access(): AccessService {
    return this.services.access;
  }

  /** The contract's handlers, with the replay logs of the resumable streams. */
  handlers(): ContractHandlers {
    const handlers = createHandlers(this.services);
    return this.replay ? { ...handlers, replay: this.replay } : handlers;
  }
}
