// The contract's request and stream handlers, implemented on the engine's services.
// Parameters arrive already validated by the contract server.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractHandlers } from '../../shared/rpc/server';
import { EngineError } from '../../shared/errors';
import { alarmRequestHandlers, alarmStreamHandlers } from './alarms/alarm-handlers';
import { backupData } from './backup';
import { detectionRequestHandlers } from './detect/detection-handlers';
import type { Engine } from './engine';
import { fileImporterOf } from './ingest/file-import/engine-file-import';
import { requeueDeadLetters } from './ingest/requeue';
import { sourceRequestHandlers } from './ingest/source-settings/source-handlers';
import { dashboardMetrics, systemMetrics } from './metrics';
import { notificationRequestHandlers, notificationStreamHandlers } from './notify/notify-handlers';
import { modelRequestHandlers } from './detect/models/model-handlers';

const HEALTH_INTERVAL_MS = 2000;

/** A file name for an export: what it holds and when it was made, safe on every OS. */
function exportName(series: readonly string[], at: number, ext: string): string {
  const what = series.length === 1 ? series[0]!.replace(/[^A-Za-z0-9._-]+/g, '_') : `${series.length}-series`;
  const when = new Date(at).toISOString().replace(/[:.]/g, '-');
  return `${what}-${when}.${ext}`;
}

export function createHandlers(engine: Engine): ContractHandlers {
  return {
    requests: {
      ...modelRequestHandlers(() => engine.models),
      ...notificationRequestHandlers(() => engine.notifier),
      ...sourceRequestHandlers(() => engine.sourceSettings),
      ...detectionRequestHandlers({
        detection: () => engine.detection,
        history: () => engine.history,
        registry: () => engine.registry,
        clock: engine.clock,
      }),
      'engine.health': () => engine.health(),
      'devices.list': () => engine.registry.list(),
      'devices.get': (p) => {
        const device = engine.registry.get(p.id);
        if (!device) throw new EngineError('NOT_FOUND', `no device ${p.id}`);
        return device;
      },
      'devices.deaths': () => engine.presence.list(),
      'live.snapshot': (p) => {
        const all = engine.live.snapshot();
        if (!p.devices) return all;
        const wanted = new Set(p.devices);
        return all.filter((r) => wanted.has(r.deviceId));
      },
      'history.query': (p) => engine.history.query(p.series, p.from, p.to, p.maxPoints, p.tier),
      'history.stats': (p) => engine.history.stats(p.series, p.from, p.to),
      'history.export': (p) => {
        const dir = join(engine.config.dataDir, 'exports');
        mkdirSync(dir, { recursive: true });
        const name = exportName(p.series, engine.clock(), p.format);
        const file = join(dir, name);
        return engine.jobs.start('export', { path: file, download: name }, (job) =>
          engine.history.exportSelection(p, file, (fraction, rows) => job.progress(fraction, rows)),
        );
      },
      'history.exportLake': async (p, { client }) => {
        const dir = await engine.clientFolders.writable(p.dir, client, 'history.exportLake');
        return engine.jobs.start('export', { path: dir, download: null }, (job) =>
          engine.history.exportLake(dir, p.from ?? 0, p.to ?? engine.clock(), (f, rows) => job.progress(f, rows)),
        );
      },
      'history.importLake': async (p, { client }) => {
        const dir = await engine.clientFolders.readable(p.dir, client, 'history.importLake');
        return engine.jobs.start('import', { path: dir, download: null }, async (job) => {
          const r = await engine.history.importLake(dir, (f, rows) => job.progress(f, rows));
          engine.log(`imported ${r.imported} readings from ${dir} (${r.duplicates} already stored)`);
          return r.imported;
        });
      },
      'import.preview': async (p, { client }) =>
        fileImporterOf(engine).preview({
          ...p,
          path: await engine.clientFolders.readable(p.path, client, 'import.preview'),
        }),
      'import.start': async (p, { client }) =>
        fileImporterOf(engine).start({
          ...p,
          path: await engine.clientFolders.readable(p.path, client, 'import.start'),
        }),
      'import.summary': (p) => fileImporterOf(engine).summary(p.id),
      'admin.backup': async (p, { client }) => {
        const dir = await engine.clientFolders.writable(p.dir, client, 'admin.backup');
        return engine.jobs.start('backup', { path: dir, download: null }, async (job) => {
          await backupData(dir, engine.history, engine.stateDb!, { version: engine.version, at: engine.clock() }, (f) =>
            job.progress(f, 0),
          );
          return 0;
        });
      },
      'jobs.get': (p) => engine.jobs.get(p.id),
      'metrics.dashboard': () => dashboardMetrics(engine, engine.ingestRate),
      'metrics.system': () => systemMetrics(engine),
      ...alarmRequestHandlers({ alarms: () => engine.alarms, store: () => engine.alarmStore, clock: engine.clock }),
      'deadLetters.list': (p) => ({
        total: engine.deadLetters.count,
        bySource: engine.deadLetters.countsBySource(),
        ...engine.deadLetters.page(p.limit, p.source, p.before),
        dropped: engine.deadLetters.dropped,
      }),
      'deadLetters.requeue': (p) =>
        requeueDeadLetters(p.ids, {
          deadLetters: engine.deadLetters,
          pipeline: engine.pipeline,
          sources: engine.sources,
          clock: engine.clock,
          log: engine.log,
        }),
      'deadLetters.discard': (p) => {
        const before = engine.deadLetters.count;
        engine.deadLetters.remove(p.ids);
        return { discarded: before - engine.deadLetters.count };
      },
    },
    streams: {
      ...notificationStreamHandlers(() => engine.notifier),
      'live.readings': (p, emit) => engine.live.subscribe(p.devices, (readings) => emit({ readings })),
      ...alarmStreamHandlers(() => engine.alarms),
      'engine.health': (_p, emit) => {
        emit(engine.health());
        const timer = setInterval(() => emit(engine.health()), HEALTH_INTERVAL_MS);
        return () => clearInterval(timer);
      },
      'devices.deaths': (_p, emit) => engine.presence.onDeath(emit),
      'jobs.progress': (p, emit) => engine.jobs.onChange((job) => (!p.id || job.id === p.id) && emit(job)),
    },
  };
}
