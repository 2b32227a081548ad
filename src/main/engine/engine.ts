// The composition root: wires the engine's services in dependency order, starts and stops
// them, and exposes the contract's handlers. Used unchanged by the Electron utility process,
// `watchfloor serve` and the tests. Never imports electron; receives its configuration.
import { mkdirSync } from 'node:fs';
import type { Health } from '../../shared/domain';
import { AlarmService } from './alarms/alarm-service';
import { AlarmStore } from './alarms/alarm-store';
import type { Config } from './config/config-schema';
import { HistoryStore } from './history/history-store';
import { EmbeddedBroker } from './ingest/embedded-broker';
import { stopFileImporter } from './ingest/file-import/engine-file-import';
import type { IngestSource } from './ingest/ingest-source';
import { createSource } from './ingest/kinds/source-kinds';
import { Pipeline } from './ingest/pipeline';
import { Detection } from './detect/engine-detection';
import { SourceRunner } from './ingest/source-settings/source-runner';
import { SourceSettings } from './ingest/source-settings/source-settings';
import { LiveHub } from './live/live-hub';
import { subscribeAlarmNotices } from './notify/alarm-notices';
import { Notifier } from './notify/notifier';
import { ModelService } from './detect/models/model-service';
import { createHandlers } from './api-handlers';
import { ClientFolders } from './files/client-folders';
import { JobRegistry } from './jobs/job-registry';
import { RateMeter } from './metrics';
import { DevicePresence } from './presence';
import { Simulator } from './simulator/simulator';
import { DeadLetterStore } from './state/dead-letters';
import { DeviceRegistry } from './state/device-registry';
import type { StateDb } from './state/state-db';
import { openStateFile } from './state/state-file';
import { openStationId } from './state/station-id';
import { healthProblems } from './health-problems';
import type { ContractHandlers } from '../../shared/rpc/server';

export interface EnginePorts {
  clock?: () => number;
  log?: (message: string) => void;
  version?: string;
  /**
   * `--new-state`: when state.db is missing, damaged or not the one history was kept with,
   * move it aside and start with a new one instead of refusing to start (state-file.ts).
   */
  newState?: boolean;
}

export class Engine {
  readonly config: Config;
  readonly clock: () => number;
  readonly log: (message: string) => void;
  readonly version: string;
  private status: Health['status'] = 'starting';
  private startedAt = 0;
  private readonly newState: boolean;
  private station: string | undefined;

  stateDb: StateDb | undefined;
  readonly jobs: JobRegistry;
  /** Where clients may name files (import, backup, lake export). */
  readonly clientFolders: ClientFolders;
  readonly ingestRate = new RateMeter();
  readonly presence = new DevicePresence();
  private rateTimer: ReturnType<typeof setInterval> | undefined;
  registry!: DeviceRegistry;
  deadLetters!: DeadLetterStore;
  alarmStore!: AlarmStore;
  alarms!: AlarmService;
  notifier!: Notifier;
  history!: HistoryStore;
  live!: LiveHub;
  pipeline!: Pipeline;
  detection!: Detection;
  models!: ModelService;
  broker: EmbeddedBroker | undefined;
  /** The sources that run now; Settings → Sources adds, restarts and stops them live. */
  sourceRunner!: SourceRunner;
  /** Sources, devices and ingest settings: the configuration file with Settings layered over it. */
  sourceSettings!: SourceSettings;
  simulator: Simulator | undefined;

  constructor(config: Config, ports: EnginePorts = {}) {
    this.config = config;
    this.clock = ports.clock ?? Date.now;
    this.log = ports.log ?? (() => {});
    this.version = ports.version ?? '0.0.0';
    this.newState = ports.newState ?? false;
    this.jobs = new JobRegistry(this.clock, this.log);
    this.clientFolders = new ClientFolders({ dataDir: config.dataDir, ...config.files });
  }

  async start(): Promise<void> {
    const { config, clock, log } = this;
    this.startedAt = clock();
    mkdirSync(config.dataDir, { recursive: true });
    const station = openStationId(config.dataDir, config.dataDirAsGiven ?? config.dataDir);
    this.station = station.id;
    const skew = config.ingest.maxClockSkewMs;
    if (skew !== undefined) {
      log(
        `ingest.maxClockSkewMs is deprecated: read as maxFutureMs ${config.ingest.maxFutureMs} and maxAgeMs ${config.ingest.maxAgeMs ?? 'none'}; set those instead (docs/configuration.md: Payloads)`,
      );
    }
    if (station.created) log(`station id ${station.id} (MQTT client ids watchfloor-${station.id}-<source>)`);

    // History first: it records which state file belongs with it, so a lost or swapped
    // state.db is refused rather than silently replaced by an empty one.
    this.history = new HistoryStore(config.dataDir, { ...config.history, clock, log });
    await this.history.start();
    const recordedId = await this.history.recordedStateId();
    const state = openStateFile(config.dataDir, { recordedId, replaceBroken: this.newState, log });
    this.stateDb = state.db;
    if (recordedId !== state.id) {
      await this.history
        .recordStateId(state.id)
        .catch((err: unknown) => log(`could not record the state id in history: ${(err as Error).message}`));
    }
    this.registry = new DeviceRegistry(this.stateDb);
    this.sourceRunner = new SourceRunner({
      create: (spec) =>
        createSource(spec, {
          pipeline: this.pipeline,
          log,
          clock,
          stationId: this.stationId,
          broker: this.broker,
          sparkplug: {
            // One write per birth; metrics beyond the per-device cap are refused with their readings.
            onBirth: (birth) => {
              this.registry.registerSignals(birth.deviceId, birth.signals, clock(), config.ingest.maxSignalsPerDevice);
            },
            onDeath: (deviceIds, ts) => this.presence.report(deviceIds, ts),
          },
        }),
      drain: () => this.pipeline.drain(),
      log,
    });
    this.sourceSettings = new SourceSettings({
      db: this.stateDb,
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
      runner: this.sourceRunner,
      embeddedBrokerUrl: () => this.broker?.url ?? null,
      devices: { configure: (d) => this.registry.configure(d, this.clock()), remove: (id) => this.registry.remove(id) },
      setAutoRegister: (value) => this.pipeline.setAutoRegister(value),
      setReadingTimes: (value) => this.pipeline.setReadingTimes(value),
      log,
    });
    this.registry.load(this.sourceSettings.devices, clock());
    const { maxRows, maxBytes, maxAgeDays } = config.ingest.deadLetters;
    this.deadLetters = new DeadLetterStore(
      this.stateDb,
      { maxRows, maxBytes, maxAgeMs: maxAgeDays * 86_400_000 },
      clock(),
    );
    this.alarmStore = new AlarmStore(this.stateDb);
    this.alarms = new AlarmService(this.alarmStore, {
      ...config.alarms,
      clock,
      log,
      areaOf: (id) => this.registry.get(id)?.area,
    });
    this.alarms.start();
    this.notifier = new Notifier(
      { db: this.stateDb, clock, log, deviceName: (id) => this.registry.get(id)?.name },
      config.notifications,
    );
    this.notifier.start();
    subscribeAlarmNotices(this.alarms, (n) => this.notifier.notify(n));

    this.live = new LiveHub(config.live.maxUpdatesPerSecond);
    this.live.seed(await this.history.latest(clock()));
    this.rateTimer = setInterval(() => this.ingestRate.sample(clock(), this.history.stored), 5000);
    this.rateTimer.unref?.();

    this.detection = new Detection(
      { db: this.stateDb, registry: this.registry, alarms: this.alarms, history: this.history, clock, log },
      config.detection,
    );
    this.detection.start();
    this.presence.onDeath((d) => this.detection.offline.died(d.deviceId, d.at));

    this.pipeline = new Pipeline(
      {
        detection: this.detection,
        registry: this.registry,
        history: this.history,
        alarms: this.alarms,
        deadLetters: this.deadLetters,
        live: this.live,
        clock,
        log,
      },
      { ...config.ingest, autoRegister: this.sourceSettings.autoRegister, ...this.sourceSettings.readingTimes },
    );

    this.models = new ModelService(
      {
        db: this.stateDb,
        dataDir: config.dataDir,
        jobs: this.jobs,
        device: (id) => this.registry.get(id),
        rawReadings: (series, from, to, limit) => this.history.rawReadings(series, from, to, limit),
        clock,
        log,
        version: this.version,
      },
      config.models,
    );
    await this.models.start();

    // Scoring follows every batch the detection stage processes; model anomalies are stored with
    // its flush and 'model' conditions go to the alarm service.
    this.models.attach({
      observe: (o) => this.detection.stage.addBatchObserver(o),
      report: (a) => this.detection.stage.report(a),
      alarms: this.alarms,
    });

    if (config.broker.embedded) {
      this.broker = new EmbeddedBroker({
        host: config.broker.host,
        port: config.broker.port,
        log,
        accepting: () => this.history.writable,
      });
      await this.broker.start();
      log(`embedded MQTT broker on ${this.broker.url}`);
    }

    await this.sourceRunner.startAll(this.sourceSettings.startupSpecs());

    if (config.simulator.enabled) {
      const url = config.simulator.url ?? this.broker?.url ?? config.sources.mqtt[0]?.url;
      if (url) {
        this.simulator = new Simulator(config.devices, { ...config.simulator, url, log, clock });
        await this.simulator.start();
      } else {
        log('simulator enabled but there is no broker to publish to; skipped');
      }
    }
    this.status = 'ok';
  }

  async stop(): Promise<void> {
    this.status = 'stopping';
    if (this.rateTimer) clearInterval(this.rateTimer);
    await this.simulator?.stop();
    await this.sourceRunner?.stopAll();
    await stopFileImporter(this);
    await this.pipeline?.stop();
    await this.detection?.stop();
    await this.models?.stop();
    await this.broker?.stop();
    this.live?.stop();
    this.alarms?.stop();
    await this.notifier?.stop();
    await this.history?.stop();
    this.stateDb?.close();
    this.stateDb = undefined;
  }

  /** The sources running now (health, re-queueing dead letters through their decoders). */
  get sources(): IngestSource[] {
    return this.sourceRunner?.list() ?? [];
  }

  /** Identifies this installation to brokers; kept in <data>/station-id (station-id.ts). */
  get stationId(): string {
    if (!this.station) throw new Error('the station id is known once the engine has started');
    return this.station;
  }

  health(): Health {
    const sources = this.sources.map((s) => s.health());
    if (this.sourceSettings?.http.enabled && this.pipeline) {
      // HTTP ingest is served by the transport; the pipeline counts what it submitted.
      const c = this.pipeline.counters('http');
      sources.push({
        id: 'http',
        kind: 'http',
        url: '/ingest',
        connected: true,
        messages: c.messages,
        ratePerSecond: 0,
        pending: 0,
        lagMs: 0,
        lastMessageAt: null,
        error: null,
      });
    }
    const history = this.history?.condition() ?? null;
    const problems = healthProblems({ sources, history, minFreeBytes: this.config.history.recovery.minFreeBytes });
    return {
      status: this.status === 'ok' && problems.length > 0 ? 'degraded' : this.status,
      problems,
      history,
      version: this.version,
      startedAt: this.startedAt,
      uptimeMs: this.clock() - this.startedAt,
      broker: this.broker ? { embedded: true, url: this.broker.url, clients: this.broker.clients } : null,
      sources,
      simulator: { running: this.simulator?.isRunning ?? false, published: this.simulator?.publishedTotal ?? 0 },
      readings: { received: this.pipeline?.received ?? 0, stored: this.history?.stored ?? 0 },
      deadLetters: this.deadLetters?.count ?? 0,
      deadLettersDropped: this.deadLetters?.dropped.count ?? 0,
      activeAlarms: this.alarms?.activeCount ?? 0,
      dataDir: this.config.dataDir,
    };
  }

  handlers(): ContractHandlers {
    return createHandlers(this);
  }
}
