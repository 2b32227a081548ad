// Who may call what: one entry for every request and stream of the contract (the compiler refuses
// a method without one, and permissions.test.ts walks the contract and every role against it).
// The engine enforces this table on every path a call takes — the desktop's MessagePort, the
// WebSocket, REST (each route is a contract call) and the command line — before the handler runs;
// the renderer reads the same table to grey out what the signed-in user may not do.
//
// - `role`: the least role that may call. `public` needs no sign-in at all (the sign-in calls).
//   A locked session acts as a viewer until it is unlocked: alarms still show and sound.
// - `area`: the call acts on one alarm (`alarm`: params.id) or several (`alarms`: params.ids);
//   a user scoped to plant areas may only do it to alarms of those areas (FORBIDDEN otherwise).
//   Reading is never scoped: an operator of area A still sees area B's alarms.
// - `audit`: `write` and `export` calls are recorded in the audit trail, with who, what, the
//   outcome, and — where `snapshot` names a reading call — the state before and after.
import type { RequestName, StreamName } from './contract';
import type { Role } from './contract/auth';

export type Access = Role | 'public';
export type AreaRule = 'alarm' | 'alarms';
export type AuditKind = 'write' | 'export' | 'none';

export interface Permission {
  readonly role: Access;
  readonly area?: AreaRule;
  readonly audit: AuditKind;
  /** A reading call whose answer (same parameters where they apply) is recorded as before/after. */
  readonly snapshot?: RequestName;
}

const read = (role: Access = 'viewer'): Permission => ({ role, audit: 'none' });
const write = (role: Access, extra: Partial<Permission> = {}): Permission => ({ role, audit: 'write', ...extra });
const exporting = (role: Access): Permission => ({ role, audit: 'export' });

export const REQUEST_PERMISSIONS = {
  // signing in
  'auth.status': read('public'),
  'auth.login': write('public'),
  'auth.setup': write('public'),
  'auth.logout': write('viewer'),
  'auth.lock': write('viewer'),
  'auth.unlock': write('viewer'),
  'auth.changePassword': write('viewer'),
  // administration
  'users.list': read('admin'),
  'users.create': write('admin', { snapshot: 'users.list' }),
  'users.update': write('admin', { snapshot: 'users.list' }),
  'users.setPassword': write('admin'),
  'users.unlock': write('admin'),
  'users.delete': write('admin', { snapshot: 'users.list' }),
  'sessions.list': read('admin'),
  'sessions.revoke': write('admin'),
  'tokens.list': read('admin'),
  'tokens.create': write('admin'),
  'tokens.revoke': write('admin'),
  'audit.list': read('admin'),
  'audit.export': exporting('admin'),
  'audit.verify': read('admin'),
  'admin.backup': exporting('admin'),
  // this station's installation: updates, start at login (an admin chooses; an operator consents to install)
  'station.status': read(),
  'station.check': write('operator'),
  'station.settings': write('admin', { snapshot: 'station.status' }),
  'station.install': write('operator'),
  'station.cancelInstall': write('operator'),
  'station.importBundle': write('admin'),
  'station.report': write('viewer'),
  // the plant: reading
  'engine.health': read(),
  'devices.list': read(),
  'devices.get': read(),
  'devices.deaths': read(),
  'live.snapshot': read(),
  'history.query': read(),
  'history.stats': read(),
  'jobs.get': read(),
  'metrics.dashboard': read(),
  'metrics.system': read(),
  // GET /metrics: also open to API tokens with only the `metrics` scope (a scraper's credential)
  'metrics.prometheus': read(),
  'trendGroups.list': read(),
  'analytics.heatmap': read(),
  'analytics.summary': read(),
  'anomalies.list': read(),
  'alarms.list': read(),
  'alarms.get': read(),
  'alarms.history': read(),
  'alarms.flood': read(),
  'alarms.kpis': read(),
  'annotations.list': read(),
  'annotations.get': read(),
  'annotations.causes': read(),
  'annotations.queue': read(),
  'annotations.corrected': read(),
  'rules.list': read(),
  'rules.effective': read(),
  'rules.audit': read(),
  'rules.suggestions': read(),
  'models.list': read(),
  'models.compare': read(),
  'assistant.status': read(),
  'assistant.documents': read(),
  'assistant.search': read(),
  'assistant.open': read(),
  // The alarm's report as it stands (making one is the engine's background work, or `regenerate`).
  'assistant.report': read(),
  'assistant.settings.get': read(),
  'deadLetters.list': read(),
  'import.summary': read(),
  // display layouts per workstation: every role reads them (a wall display opens one); saving,
  // deleting or choosing the active one is configuration, like Settings → Sources: engineers
  'layouts.list': read(),
  'layouts.get': read(),
  'notifications.log': read('operator'),
  'notifications.settings.get': read('engineer'),
  'sources.settings': read('engineer'),
  'models.evaluate': read('engineer'),
  'import.preview': read('engineer'),
  // the operator's work
  'alarms.acknowledge': write('operator', { area: 'alarm' }),
  'alarms.acknowledgeMany': write('operator', { area: 'alarms' }),
  'alarms.shelve': write('operator', { area: 'alarm' }),
  'alarms.unshelve': write('operator', { area: 'alarm' }),
  'alarms.resolve': write('operator', { area: 'alarm' }),
  'annotations.create': write('operator'),
  'annotations.update': write('operator'),
  'annotations.delete': write('operator'),
  'annotations.restore': write('operator'),
  'assistant.regenerate': write('operator'),
  'assistant.feedback': write('operator'),
  'jobs.cancel': write('operator'),
  'trendGroups.save': write('operator'),
  'trendGroups.delete': write('operator'),
  'history.export': exporting('operator'),
  'annotations.export': exporting('operator'),
  // the engineer's work: configuration, models, data
  'alarms.removeFromService': write('engineer', { area: 'alarm' }),
  'alarms.returnToService': write('engineer', { area: 'alarm' }),
  'annotations.setCauses': write('engineer', { snapshot: 'annotations.causes' }),
  'annotations.import': write('engineer'),
  'annotations.setCorrections': write('engineer'),
  'rules.save': write('engineer'),
  'rules.delete': write('engineer'),
  'rules.decideSuggestion': write('engineer'),
  'models.train': write('engineer'),
  'models.activate': write('engineer', { snapshot: 'models.list' }),
  'models.retire': write('engineer', { snapshot: 'models.list' }),
  'models.rollback': write('engineer', { snapshot: 'models.list' }),
  'sources.save': write('engineer', { snapshot: 'sources.settings' }),
  'sources.remove': write('engineer', { snapshot: 'sources.settings' }),
  'sources.revert': write('engineer', { snapshot: 'sources.settings' }),
  'sources.setEnabled': write('engineer', { snapshot: 'sources.settings' }),
  'sources.test': write('engineer'),
  'notifications.settings.set': write('engineer', { snapshot: 'notifications.settings.get' }),
  'notifications.settings.reset': write('engineer', { snapshot: 'notifications.settings.get' }),
  'notifications.test': write('engineer'),
  'assistant.settings.set': write('engineer', { snapshot: 'assistant.settings.get' }),
  'assistant.settings.reset': write('engineer', { snapshot: 'assistant.settings.get' }),
  'assistant.reindex': write('engineer'),
  'deadLetters.requeue': write('engineer'),
  'deadLetters.discard': write('engineer'),
  'import.start': write('engineer'),
  'layouts.save': write('engineer', { snapshot: 'layouts.list' }),
  'layouts.delete': write('engineer', { snapshot: 'layouts.list' }),
  'layouts.activate': write('engineer', { snapshot: 'layouts.list' }),
  'history.importLake': write('engineer'),
  'history.exportLake': exporting('engineer'),
} as const satisfies Record<RequestName, Permission>;

export const STREAM_PERMISSIONS = {
  'auth.changes': read('public'),
  'station.changes': read(),
  'live.readings': read(),
  'engine.health': read(),
  'devices.deaths': read(),
  'alarms.changes': read(),
  'alarms.flood': read(),
  'annotations.changes': read(),
  'assistant.ask': read(),
  'assistant.reports': read(),
  'assistant.status': read(),
  'jobs.progress': read(),
  'notifications.desktop': read(),
} as const satisfies Record<StreamName, Permission>;

/** The entry of a request or stream; undefined for a name the contract does not have. */
export function permissionOf(kind: 'request' | 'stream', name: string): Permission | undefined {
  const table: Readonly<Record<string, Permission>> = kind === 'request' ? REQUEST_PERMISSIONS : STREAM_PERMISSIONS;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
