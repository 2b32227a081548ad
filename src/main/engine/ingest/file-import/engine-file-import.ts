// The engine's one FileImporter, wired to the services it uses: imports go through the pipeline
// as backfill, run as jobs, and are refused for unknown devices as live data would be. A file
// is matched to a registered device by id or name (knownDevice). The
// composition root builds it once at start (one queue and one set of summaries per engine)
// and stops it at shutdown.
import type { Config } from '../../config/config-schema';
import type { HistoryStore } from '../../history/history-store';
import type { JobRegistry } from '../../jobs/job-registry';
import type { DeviceRegistry } from '../../state/device-registry';
import type { Pipeline } from '../pipeline';
import { FileImporter } from './file-importer';

export interface EngineFileImportDeps {
  pipeline: Pipeline;
  history: HistoryStore;
  registry: DeviceRegistry;
  jobs: JobRegistry;
  config: Config;
  clock: () => number;
  log: (message: string) => void;
}

export function createFileImporter({
  pipeline,
  history,
  registry,
  jobs,
  config,
  clock,
  log,
}: EngineFileImportDeps): FileImporter {
  return new FileImporter({
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
    knownDevice: (text) => {
      if (registry.get(text)) return text;
      const t = text.trim().toLowerCase();
      if (t === '') return undefined;
      return registry.list().find((d) => d.id.toLowerCase() === t || d.name.trim().toLowerCase() === t)?.id;
    },
    clock,
    log,
    // As set now (Settings → Sources may change it while the engine runs).
    get maxFutureMs() {
      return pipeline.readingTimes.maxFutureMs;
    },
    rawRetentionDays: config.history.retention.rawDays,
  });
}
