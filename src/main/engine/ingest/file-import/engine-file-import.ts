// The engine's one FileImporter, built from its services on first use. Handlers are created
// per client (each window, each test client), while imports must share one queue and one
// set of summaries per engine; until the engine owns the importer itself (with stop() in its
// shutdown), this keeps that one instance beside it.
import type { Engine } from '../../engine';
import { FileImporter } from './file-importer';

const importers = new WeakMap<Engine, FileImporter>();

export function fileImporterOf(engine: Engine): FileImporter {
  let importer = importers.get(engine);
  if (!importer) {
    const { pipeline, history, registry, jobs, config } = engine;
    importer = new FileImporter({
      // Imported history is stored, but neither raises alarms nor moves live screens.
      submit: (source, origin, decoded) => pipeline.submitDecoded(source, origin, decoded, { backfill: true }),
      drain: () => pipeline.drain(),
      startJob: (kind, target, work) => jobs.start(kind, target, work),
      duplicates: () => history.duplicates,
      refusal: (deviceId, signal) => {
        if (pipeline.autoRegister || registry.signal(deviceId, signal)) return null;
        const what = registry.get(deviceId)
          ? `unknown signal "${signal}" on device ${deviceId}`
          : `unknown device "${deviceId}"`;
        return `${what} (auto-registration is off)`;
      },
      clock: engine.clock,
      log: engine.log,
      // As set now (Settings → Sources may change it while the engine runs).
      get maxFutureMs() {
        return pipeline.readingTimes.maxFutureMs;
      },
      rawRetentionDays: config.history.retention.rawDays,
    });
    importers.set(engine, importer);
  }
  return importer;
}

/** Ends a running import at shutdown, when the engine ever started one. */
export async function stopFileImporter(engine: Engine): Promise<void> {
  await importers.get(engine)?.stop();
}
