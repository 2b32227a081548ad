import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { requests, type RequestName } from './index';
import { createResultResolver, groupOf, isPageOutdated, reportOutdated, resolveResult } from './result-resolver';

const ALL = Object.keys(requests) as RequestName[];

/** What the store's sync (app/engine-sync.ts) calls before the first live tile, the engine's health and the operator's acknowledge. */
const FIRST_VIEW_CALLS: RequestName[] = [
  'devices.list',
  'devices.deaths',
  'alarms.list',
  'alarms.flood',
  'history.query',
  'live.snapshot',
  'engine.health',
  'alarms.acknowledge',
  'auth.status',
];

describe("the renderer's result schemas", () => {
  it('are, for every request of the contract, exactly the schema index.ts declares', async () => {
    expect(ALL.length).toBeGreaterThan(80);
    for (const method of ALL) {
      const schema = await resolveResult(method);
      expect(schema, method).toBe(requests[method].result);
    }
  });

  it("give the first view's calls at once, without fetching anything", () => {
    for (const method of FIRST_VIEW_CALLS) {
      const schema = resolveResult(method);
      expect(schema, method).not.toBeInstanceOf(Promise);
      expect(schema, method).toBe(requests[method].result);
      expect(groupOf(method), method).toBeUndefined();
    }
  });

  it("refuse a name that is no request, even one of Object's", async () => {
    for (const name of ['alarms.delete', 'annotations.nope', 'constructor', 'toString.x']) {
      const err = await Promise.resolve(resolveResult(name as RequestName)).catch((e: unknown) => e);
      expect((err as EngineError).code, name).toBe('UNKNOWN_METHOD');
    }
  });

  it('fetch every other group from its own module', () => {
    const later = ALL.filter((m) => !FIRST_VIEW_CALLS.includes(m) && groupOf(m) !== undefined);
    // The three methods annotations.ts declares for other prefixes go to it, not to their prefix's group.
    expect(groupOf('rules.suggestions')).toBe('annotations');
    expect(groupOf('models.evaluate')).toBe('annotations');
    expect(groupOf('rules.save')).toBe('detection');
    expect(new Set(later.map(groupOf))).toEqual(
      new Set([
        'annotations',
        'assistant',
        'deadLetters',
        'detection',
        'import',
        'metrics',
        'models',
        'notifications',
        'sources',
        'station',
        'users',
        'trendGroups',
      ]),
    );
  });
});

describe('a group that cannot be fetched', () => {
  const annotations = () => import('./annotations').then((m) => m.annotationRequests);

  it('rejects with UNAVAILABLE, "the page is out of date", and is fetched again on the next call', async () => {
    let fetches = 0;
    let online = false;
    const resolve = createResultResolver(
      {},
      {
        annotations: () => {
          fetches++;
          return online
            ? annotations()
            : Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/annotations-x1.js'));
        },
      },
      () => 'annotations',
    );
    const err = await Promise.resolve(resolve('annotations.causes')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('UNAVAILABLE');
    expect((err as EngineError).message).toMatch(/^the page is out of date: reload it/);
    // Recognisable as such, not as an engine that is down.
    expect(isPageOutdated(err)).toBe(true);
    expect(isPageOutdated(new EngineError('UNAVAILABLE', 'not connected to the engine'))).toBe(false);

    online = true;
    expect(await resolve('annotations.causes')).toBe(requests['annotations.causes'].result);
    // Fetched once it worked, then held: the next method of the group resolves at once.
    expect(resolve('annotations.list')).toBe(requests['annotations.list'].result);
    expect(fetches).toBe(2);
  });

  it('is fetched once for calls that arrive while it is on its way', async () => {
    let fetches = 0;
    const resolve = createResultResolver(
      {},
      {
        annotations: () => {
          fetches++;
          return annotations();
        },
      },
      () => 'annotations',
    );
    const [a, b] = await Promise.all([resolve('annotations.get'), resolve('annotations.create')]);
    expect(a).toBe(requests['annotations.get'].result);
    expect(b).toBe(requests['annotations.create'].result);
    expect(fetches).toBe(1);
  });
});

describe('reportOutdated', () => {
  it('tells the page once per failed fetch that it is out of date, and leaves every other failure alone', async () => {
    let online = false;
    const resolve = createResultResolver(
      {},
      {
        annotations: () =>
          online
            ? import('./annotations').then((m) => m.annotationRequests)
            : Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      },
      (m) => (m.startsWith('annotations.') ? 'annotations' : undefined),
    );
    let told = 0;
    const watched = reportOutdated(resolve, () => told++);
    const err = await Promise.resolve(watched('annotations.causes')).catch((e: unknown) => e);
    // The caller still gets the rejection, and the page hears of it.
    expect(isPageOutdated(err)).toBe(true);
    expect(told).toBe(1);
    // An unknown method is not an outdated page.
    await Promise.resolve(watched('nope.nothing' as RequestName)).catch(() => {});
    expect(told).toBe(1);
    online = true;
    expect(await watched('annotations.causes')).toBe(requests['annotations.causes'].result);
    expect(told).toBe(1);
  });
});
