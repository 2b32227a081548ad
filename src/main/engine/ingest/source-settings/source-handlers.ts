// The contract's sources.* requests (Settings → Sources), on the engine's SourceSettings.
import type { RequestHandlers } from '../../../../shared/rpc/server';
import type { SourceSettings } from './source-settings';

type SourceRequests = Pick<
  RequestHandlers,
  'sources.settings' | 'sources.save' | 'sources.remove' | 'sources.revert' | 'sources.setEnabled' | 'sources.test'
>;

export function sourceRequestHandlers(settings: SourceSettings): SourceRequests {
  return {
    'sources.settings': () => settings.view(),
    'sources.save': (p) => settings.save(p),
    'sources.remove': (p) => settings.remove(p),
    'sources.revert': (p) => settings.revert(p),
    'sources.setEnabled': (p) => settings.setEnabled(p),
    'sources.test': (p) => settings.test(p),
  };
}
