// Where the renderer's client finds the schema that checks an answer, so that a wall display does
// not download the whole contract before its first live tile (docs/developer-guide.md: Bundle
// budget). The contract is still declared once, in its group modules; this file only says which
// groups come with the page and how to fetch the others:
//
// - The first view's groups — auth.ts (who is signed in), devices.ts (engine health, devices, live snapshot and deaths),
//   alarms.ts (queue, flood, acknowledge) and history.ts (the trends' seed, jobs) — are imported
//   here, so their methods resolve at once: everything the Wall, the header and the store's sync
//   call at start.
// - Every other group is fetched with a dynamic import() of its module the first time one of its
//   methods is called. The view that calls it has usually imported that module already (for a
//   type guard, a draft's schema), so the chunk is in the browser and nothing more goes over the
//   wire. Once fetched, the group resolves at once too.
// - A method belongs to the group named by the part of its name before the first dot, except the
//   few declared beside the work they serve (annotations.ts holds rule suggestions and model
//   evaluation, which need labels). result-resolver.test.ts checks every request of index.ts
//   against this, so a method cannot land in the wrong group or none.
// - A group that cannot be fetched — typically the engine was updated while the page was open and
//   the old chunk names are gone — rejects the call with UNAVAILABLE, "the page is out of date:
//   reload it", before it is sent; it is tried again on the next call (as view-loader.ts does).
//   Its details say `outdated: true` (isPageOutdated), so the page can tell it from an engine that
//   is down: the header offers a reload once (reportOutdated), and views do not say "not
//   connected". Details are free in the contract, so this needs no contract change.
import type { z } from 'zod';
import { EngineError } from '../errors';
import { alarmRequests } from './alarms';
import { authRequests } from './auth';
import { deviceRequests } from './devices';
import { historyRequests } from './history';
import type { RequestName, ResultSchemas } from './index';

type RequestMap = Readonly<Record<string, { readonly result: z.ZodType }>>;
type GroupLoaders = Readonly<Record<string, () => Promise<RequestMap>>>;

/** The groups a wall display calls before its first live tile: part of the page. */
const FIRST_VIEW = { ...authRequests, ...deviceRequests, ...alarmRequests, ...historyRequests };

/** Every other group, fetched when first called. */
const GROUPS = {
  annotations: () => import('./annotations').then((m) => m.annotationRequests),
  assistant: () => import('./assistant').then((m) => m.assistantRequests),
  deadLetters: () => import('./dead-letters').then((m) => m.deadLetterRequests),
  detection: () => import('./detection').then((m) => m.detectionRequests),
  import: () => import('./import').then((m) => m.importRequests),
  metrics: () => import('./metrics').then((m) => m.metricsRequests),
  models: () => import('./models').then((m) => m.modelsRequests),
  notifications: () => import('./notifications').then((m) => m.notificationsRequests),
  sources: () => import('./sources').then((m) => m.sourcesRequests),
  station: () => import('./station').then((m) => m.stationRequests),
  users: () => import('./users').then((m) => m.usersRequests),
  trendGroups: () => import('./trend-groups').then((m) => m.trendGroupRequests),
} satisfies GroupLoaders;
type Group = keyof typeof GROUPS;

type Later = Exclude<RequestName, keyof typeof FIRST_VIEW>;
type Prefix<K extends string> = K extends `${infer P}.${string}` ? P : never;

/** The group of each prefix of a later method (the compiler asks for a new prefix). */
const GROUP_OF_PREFIX: Readonly<Record<Prefix<Later>, Group>> = {
  annotations: 'annotations',
  anomalies: 'detection',
  assistant: 'assistant',
  deadLetters: 'deadLetters',
  import: 'import',
  metrics: 'metrics',
  models: 'models',
  notifications: 'notifications',
  rules: 'detection',
  sources: 'sources',
  station: 'station',
  users: 'users',
  sessions: 'users',
  tokens: 'users',
  audit: 'users',
  trendGroups: 'trendGroups',
};

/** Methods declared in another group than their prefix's. */
const GROUP_OF_METHOD: Readonly<Partial<Record<Later, Group>>> = {
  'rules.suggestions': 'annotations',
  'rules.decideSuggestion': 'annotations',
  'models.evaluate': 'annotations',
};

/**
 * A resolver over the given groups: `firstView` at once, the others through their loaders.
 * It never throws: a method it cannot resolve gives a rejected promise. Exported for tests (a
 * loader that fails); the renderer uses `resolveResult`.
 */
export function createResultResolver(
  firstView: RequestMap,
  groups: GroupLoaders,
  groupOf: (method: string) => string | undefined,
): ResultSchemas {
  const loaded = new Map<string, RequestMap>();
  const loading = new Map<string, Promise<RequestMap>>();

  const notIn = (group: string, method: string) =>
    new EngineError('UNKNOWN_METHOD', `the contract's ${group} group has no request ${method}`);

  const fetchGroup = (group: string, load: () => Promise<RequestMap>): Promise<RequestMap> => {
    let promise = loading.get(group);
    if (!promise) {
      promise = load().then(
        (map) => {
          loaded.set(group, map);
          return map;
        },
        (err: unknown) => {
          loading.delete(group); // tried again on the next call
          throw new EngineError(
            'UNAVAILABLE',
            `the page is out of date: reload it (its code for ${group} could not be fetched)`,
            {
              outdated: true,
              group,
              cause: err instanceof Error ? err.message : String(err),
            },
          );
        },
      );
      loading.set(group, promise);
    }
    return promise;
  };

  const resolve = (method: string): z.ZodType | Promise<z.ZodType> => {
    const now = own(firstView, method);
    if (now) return now.result;
    const group = groupOf(method);
    const load = group === undefined ? undefined : own(groups, group);
    if (group === undefined || !load) return Promise.reject(new EngineError('UNKNOWN_METHOD', `no request ${method}`));
    const map = loaded.get(group);
    if (map) return own(map, method)?.result ?? Promise.reject(notIn(group, method));
    return fetchGroup(group, load).then((m) => {
      const declared = own(m, method);
      if (!declared) throw notIn(group, method);
      return declared.result;
    });
  };
  return resolve as ResultSchemas;
}

/** The map's own entry for a name (never one of Object's: a name is client input). */
function own<T>(map: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
}

/** The group that declares a method not in the first view. */
export function groupOf(method: string): Group | undefined {
  return own(GROUP_OF_METHOD, method) ?? own(GROUP_OF_PREFIX, method.slice(0, method.indexOf('.')));
}

/** The page's code is older than the engine's: a group of the contract could not be fetched. */
export function isPageOutdated(err: unknown): boolean {
  return (
    err instanceof EngineError &&
    err.code === 'UNAVAILABLE' &&
    typeof err.details === 'object' &&
    err.details !== null &&
    (err.details as { outdated?: unknown }).outdated === true
  );
}

/**
 * `results`, telling `onOutdated` each time a group could not be fetched (the caller still gets
 * its rejection). The renderer uses it to show its one "out of date" notice in the header.
 */
export function reportOutdated(results: ResultSchemas, onOutdated: () => void): ResultSchemas {
  const watched = (method: RequestName) => {
    const schema = results(method);
    if (schema instanceof Promise)
      schema.catch((err: unknown) => {
        if (isPageOutdated(err)) onOutdated();
      });
    return schema;
  };
  return watched as ResultSchemas;
}

/** The renderer's resolver: the first view's schemas at once, every other group when first called. */
export const resolveResult: ResultSchemas = createResultResolver(FIRST_VIEW, GROUPS, groupOf);
