// One of electron-updater's updater objects as the update service uses it: built by the platform's
// class with the app adapter, given the signed-manifest executor (electron-updater leaves its
// executor null when an app adapter is injected — assigned after construction, as electron-
// builder's own tests do), quiet except for warnings, its progress and errors reported.
import type { AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { ProgressInfo } from 'builder-util-runtime';
import type { StationStatus } from '../../../shared/contract/station';
import { signedManifestExecutor } from './signed-manifest-executor';
import type { UpdateServiceOptions } from './update-service-options';

export interface UpdaterHooks {
  log(message: string): void;
  progress(progress: NonNullable<StationStatus['progress']>): void;
  error(error: Error): void;
}

export function prepareUpdater(
  options: Pick<UpdateServiceOptions, 'createUpdater' | 'httpExecutor' | 'publicKeyPem'>,
  app: AppAdapter,
  hooks: UpdaterHooks,
): AppUpdater {
  const updater = options.createUpdater(app);
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = signedManifestExecutor(
    options.httpExecutor,
    options.publicKeyPem,
  );
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  updater.logger = { info: () => {}, warn: (m: unknown) => hooks.log(String(m)), error: () => {} };
  updater.on('download-progress', (p: ProgressInfo) =>
    hooks.progress({
      transferred: Math.round(p.transferred),
      total: Math.round(p.total),
      bytesPerSecond: p.bytesPerSecond,
    }),
  );
  updater.on('error', (e: Error) => hooks.error(e));
  return updater;
}
