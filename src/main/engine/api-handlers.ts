// The contract's request and stream handlers, implemented on the engine's services (the
// record Engine.start() built). Parameters arrive already validated by the contract server;
// the call context says who calls. Long work runs as jobs, which jobs.cancel stops.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractHandlers } from '../../shared/rpc/server';
import { EngineError } from '../../shared/errors';
import { accessRequestHandlers, accessStreamHandlers } from './access/access-handlers';
import { alarmRequestHandlers, alarmStreamHandlers } from './alarms/alarm-handlers';
import { analyticsRequestHandlers } from './analytics/analytics-handlers';
import { AnalyticsService } from './analytics/analytics-service';
import { annotationRequestHandlers, annotationStreamHandlers } from './annotations/annotation-handlers';
import { assistantRequestHandlers, assistantStreamHandlers } from './assistant/assistant-handlers';
import { backupData } from './backup';
import { detectionRequestHandlers } from './detect/detection-handlers';
import { feedbackRequestHandlers } from './detect/feedback/feedback-handlers';
import type { EngineServices } from './engine-services';
import { requeueDeadLetters } from './ingest/requeue';
import { layoutRequestHandlers } from './layouts/layout-handlers';
import { sourceRequestHandlers } from './ingest/source-settings/source-handlers';
import { dashboardMetrics, systemMetrics } from './metrics';
import { EXPOSITION_CONTENT_TYPE } from './metrics/exposition';
import { prometheusText } from './metrics/prometheus-metrics';
import { notificationRequestHandlers, notificationStreamHandlers } from './notify/notify-handlers';
import { modelRequestHandlers } from './detect/models/model-handlers';
import { stationRequestHandlers, stationStreamHandlers } from './station/station-handlers';
import { SavedViewStore, trendGroupRequestHandlers } from './trend-groups/saved-views';

const HEALTH_INTERVAL_MS = 2000;

/** A file name for an export: what it holds and when it was made, safe on every OS. */
function exportName(series: readonly string[], at: number, ext: string): string {
  const what = series.length === 1 ? series[0]!.replace(/[^A-Za-z0-9._-]+/g, '_') : `${series.length}-series`;
  const when = new Date(at).toISOString().replace(/[:.]/g, '-');
  return `${what}-${when}.${ext}`;
}

export function createHandlers(services: EngineServices): ContractHandlers {
  return {
    requests: {
      ...accessRequestHandlers(services),
      ...stationRequestHandlers(services.station),
      ...modelRequestHandlers(services.models),
      ...notificationRequestHandlers(services.notifier),
      ...sourceRequestHandlers(services.sourceSettings),
      ...detectionRequestHandlers(services),
      ...assistantRequestHandlers(services.assistant),
      ...annotationRequestHandlers(services),
      ...feedbackRequestHandlers(services.feedback),
      ...trendGroupRequestHandlers(new SavedViewStore(services.stateDb, services.clock, services.log)),
      ...layoutRequestHandlers(services),
      ...analyticsRequestHandlers(new AnalyticsService(services)),
      'engine.health': () => services.health(),
      'devices.list': () => services.registry.list(),
      'devices.get': (p) => {
        const device = services.registry.get(p.id);
        if (!device) throw new EngineError('NOT_FOUND', `no device ${p.id}`);
        return device;
      },
      'devices.deaths': () => services.presence.list(),
      'live.snapshot': (p) => {
        const all = services.live.snapshot();
        if (!p.devices) return all;
        const wanted = new Set(p.devices);
        return all.filter((r) => wanted.has(r.deviceId));
      },
      'history.query': (p) => services.history.query(p.series, p.from, p.to, p.maxPoints, p.tier),
      'history.stats': (p) => services.history.stats(p.series, p.from, p.to),
      'history.export': (p) => {
        const dir = join(services.config.dataDir, 'exports');
        mkdirSync(dir, { recursive: true });
        const name = exportName(p.series, services.clock(), p.format);
        const file = join(dir, name);
        return services.jobs.start('export', { path: file, download: name }, (job) =>
          services.history.exportSelection(p, file, (fraction, rows) => job.progress(fraction, rows), job.signal),
        );
      },
      'history.exportLake': async (p, { client }) => {
        const dir = await services.clientFolders.writable(p.dir, client, 'history.exportLake');
        return services.jobs.start('export', { path: dir, download: null }, (job) =>
          services.history.exportLake(
            dir,
            p.from ?? 0,
            p.to ?? services.clock(),
            (f, rows) => job.progress(f, rows),
            job.signal,
          ),
        );
      },
      'history.importLake': async (p, { client }) => {
        const dir = await services.clientFolders.readable(p.dir, client, 'history.importLake');
        return services.jobs.start('import', { path: dir, download: null }, async (job) => {
          const r = await services.history.importLake(dir, (f, rows) => job.progress(f, rows), job.signal);
          services.log(`imported ${r.imported} readings from ${dir} (${r.duplicates} already stored)`);
          return r.imported;
        });
      },
      'import.preview': async (p, { client }) =>
        services.importer.preview({
          ...p,
          path: await services.clientFolders.readable(p.path, client, 'import.preview'),
        }),
      'import.start': async (p, { client }) =>
        services.importer.start({
          ...p,
          path: await services.clientFolders.readable(p.path, client, 'import.start'),
        }),
      'import.summary': (p) => services.importer.summary(p.id),
      'admin.backup': async (p, { client }) => {
        const dir = await services.clientFolders.writable(p.dir, client, 'admin.backup');
        return services.jobs.start('backup', { path: dir, download: null }, async (job) => {
          await backupData(
            dir,
            services.history,
            services.stateDb,
            { version: services.version, at: services.clock() },
            (f) => job.progress(f, 0),
            job.signal,
          );
          return 0;
        });
      },
      'jobs.get': (p) => services.jobs.get(p.id),
      'jobs.cancel': (p, { caller }) => services.jobs.cancel(p.id, caller.id),
      'metrics.dashboard': () => dashboardMetrics(services),
      'metrics.system': () => systemMetrics(services),
      'metrics.prometheus': () => ({ contentType: EXPOSITION_CONTENT_TYPE, text: prometheusText(services) }),
      ...alarmRequestHandlers({
        alarms: services.alarms,
        store: services.alarmStore,
        clock: services.clock,
        startedAt: () => services.health().startedAt,
      }),
      'deadLetters.list': (p) => ({
        total: services.deadLetters.count,
        bySource: services.deadLetters.countsBySource(),
        ...services.deadLetters.page(p.limit, p.source, p.before),
        dropped: services.deadLetters.dropped,
      }),
      'deadLetters.requeue': (p) =>
        requeueDeadLetters(p.ids, {
          deadLetters: services.deadLetters,
          pipeline: services.pipeline,
          sources: services.sourceRunner.list(),
          clock: services.clock,
          log: services.log,
        }),
      'deadLetters.discard': (p) => {
        const before = services.deadLetters.count;
        services.deadLetters.remove(p.ids);
        return { discarded: before - services.deadLetters.count };
      },
    },
    streams: {
      ...accessStreamHandlers(services),
      ...stationStreamHandlers(services.station),
      ...notificationStreamHandlers(services.notifier),
      ...assistantStreamHandlers(services.assistant),
      ...annotationStreamHandlers(services.annotations),
      'live.readings': (p, emit) => services.live.subscribe(p.devices, (readings) => emit({ readings })),
      ...alarmStreamHandlers(services.alarms),
      'engine.health': (_p, emit) => {
        emit(services.health());
        const timer = setInterval(() => emit(services.health()), HEALTH_INTERVAL_MS);
        return () => clearInterval(timer);
      },
      'devices.deaths': (_p, emit) => services.presence.onDeath(emit),
      'jobs.progress': (p, emit) => services.jobs.onChange((job) => (!p.id || job.id === p.id) && emit(job)),
    },
    access: services.access,
  };
}
