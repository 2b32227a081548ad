// The engine's saved analytics views (contract trend-groups.ts): one list, kept whole as one row
// of state.db's settings table. A list of at most a few hundred short strings read and written
// whole needs no table of its own, and better-sqlite3 runs each read-modify-write without
// anything interleaving. A row that no longer parses reads as an empty list (logged once per
// read) rather than failing the Analytics view.
import { z } from 'zod';
import { MAX_SAVED_VIEWS, SavedView } from '../../../shared/contract/trend-groups';
import { EngineError } from '../../../shared/errors';
import type { RequestHandlers } from '../../../shared/rpc/server';
import type { StateDb } from '../state/state-db';
import { loadSetting, saveSetting } from '../state/stored-setting';

const KEY = 'analytics.savedViews';
const SavedViews = z.array(SavedView);

export class SavedViewStore {
  constructor(
    private readonly db: StateDb,
    private readonly clock: () => number,
    private readonly log: (message: string) => void,
  ) {}

  list(): SavedView[] {
    const stored = loadSetting(this.db, KEY, SavedViews, 'saved analytics views', this.log);
    return (stored?.config ?? []).slice().sort((a, b) => a.name.localeCompare(b.name));
  }

  save(name: string, query: string, by: string): SavedView {
    const views = this.list();
    const at = this.clock();
    const view: SavedView = { name, query, savedAt: at, savedBy: by };
    const i = views.findIndex((v) => v.name === name);
    if (i >= 0) views[i] = view;
    else if (views.length >= MAX_SAVED_VIEWS)
      throw new EngineError('INVALID_STATE', `at most ${MAX_SAVED_VIEWS} saved views: delete one first`);
    else views.push(view);
    saveSetting(this.db, KEY, views, at);
    return view;
  }

  delete(name: string): boolean {
    const views = this.list();
    const kept = views.filter((v) => v.name !== name);
    if (kept.length === views.length) return false;
    saveSetting(this.db, KEY, kept, this.clock());
    return true;
  }
}

type TrendGroupRequests = Pick<RequestHandlers, 'trendGroups.list' | 'trendGroups.save' | 'trendGroups.delete'>;

export function trendGroupRequestHandlers(store: SavedViewStore): TrendGroupRequests {
  return {
    'trendGroups.list': () => store.list(),
    'trendGroups.save': (p, { caller }) => store.save(p.name, p.query, caller.id),
    'trendGroups.delete': (p) => ({ deleted: store.delete(p.name) }),
  };
}
