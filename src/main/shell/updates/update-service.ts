// PLACEHOLDER (issue 15, helper U replaces it): the station's update service. It implements the
// engine's StationPort; until the updater lands it reports that updates are not managed yet.
import type { StationPort } from '../../engine/station/station-port';
import { unmanagedStation } from '../../engine/station/station-port';
import type { UpdateServiceOptions } from './update-service-options';

export class UpdateService implements StationPort {
  private readonly inner: StationPort;

  constructor(options: UpdateServiceOptions) {
    this.inner = unmanagedStation(options.app.version, 'the updater is not built yet');
  }

  start(): void {}
  stop(): void {}
  status = () => this.inner.status();
  check = () => this.inner.check();
  settings: StationPort['settings'] = (change, by) => this.inner.settings(change, by);
  install: StationPort['install'] = (when, by) => this.inner.install(when, by);
  cancelInstall: StationPort['cancelInstall'] = (by) => this.inner.cancelInstall(by);
  importBundle: StationPort['importBundle'] = (path, by) => this.inner.importBundle(path, by);
  subscribe: StationPort['subscribe'] = (listener) => this.inner.subscribe(listener);
}
