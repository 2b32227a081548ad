// Every view of the control room, declared once: its id (also the first part of its URL hash),
// its title, the key that opens it, whether it is a control-room view, what the rest of its URL
// names, and its component — loaded the first time the view is needed, so the page a wall
// display opens carries no code for Settings or Import. The header, the keys, routing (the
// URL hash) and the store all read this list: adding a view is one entry here plus its
// component (docs/developer-guide.md: How to add a view).
import type { ComponentType } from 'react';

/** What the part of the URL after `#<view>/` names, in the route and the store. */
export type RouteTail =
  /** `#device/<id>` or `#device/<id>@<epoch ms>`: which device, at which time. */
  | 'device'
  /** `#dead-letters/<source>`: the source the view is filtered to. */
  | 'source'
  /** `#settings/<tab>`: the tab shown. */
  | 'tab'
  /** `#wall/<area>`: the wall of one plant area (level 2); `#wall` alone is every area. */
  | 'area'
  /** `#analytics/<state>`: what the analytics view shows, encoded so a URL can be shared. */
  | 'query';

export interface ViewDeclaration {
  /** Stable name, and the URL hash (`#alarms`): letters, digits and dashes. */
  readonly id: string;
  /** The header's label. */
  readonly title: string;
  /** The key that opens it from anywhere. Views with a key are in the header, in this order. */
  readonly key?: string;
  /**
   * A view for watching rather than working: fit to sit on a wall display or in a kiosk
   * browser. Control-room views are fetched as soon as the first one has painted, so moving
   * between them on a wall never waits for the network.
   */
  readonly controlRoom: boolean;
  readonly tail?: RouteTail;
  /** The view's component, fetched on first use; it reads what it needs from the store. */
  readonly load: () => Promise<ComponentType>;
}

export const VIEW_LIST = [
  {
    id: 'wall',
    title: 'Wall',
    key: '1',
    controlRoom: true,
    tail: 'area',
    load: () => import('../views/WallView').then((m) => m.WallView),
  },
  {
    id: 'alarms',
    title: 'Alarms',
    key: '2',
    controlRoom: true,
    load: () => import('../views/AlarmsView').then((m) => m.AlarmsView),
  },
  {
    id: 'dead-letters',
    title: 'Dead letters',
    key: '3',
    controlRoom: false,
    tail: 'source',
    load: () => import('../views/dead-letters/DeadLettersView').then((m) => m.DeadLettersView),
  },
  {
    id: 'sources',
    title: 'Sources',
    key: '4',
    controlRoom: true,
    load: () => import('../views/sources/SourcesView').then((m) => m.SourcesView),
  },
  {
    id: 'import',
    title: 'Import',
    key: '5',
    controlRoom: false,
    load: () => import('../views/import/ImportView').then((m) => m.ImportView),
  },
  {
    id: 'settings',
    title: 'Settings',
    key: '6',
    controlRoom: false,
    tail: 'tab',
    load: () => import('../views/settings/SettingsView').then((m) => m.SettingsView),
  },
  {
    id: 'kpis',
    title: 'KPIs',
    key: '7',
    controlRoom: true,
    load: () => import('../views/kpis/KpisView').then((m) => m.KpisView),
  },
  {
    // The knowledge base behind the assistant: index status, search, documents. Key 8: 7 was
    // already the KPIs'.
    id: 'knowledge',
    title: 'Knowledge',
    key: '8',
    controlRoom: false,
    load: () => import('../views/knowledge/KnowledgeView').then((m) => m.KnowledgeView),
  },
  {
    // Expert review: the queue of unlabelled events (its keys 1–6 give verdicts while it is
    // shown), the labels, export/import and the site's causes.
    id: 'review',
    title: 'Review',
    key: '9',
    controlRoom: false,
    load: () => import('../views/review/ReviewView').then((m) => m.ReviewView),
  },
  {
    // Trend groups, heatmaps, comparisons and correlations across devices. Key 0: the tenth.
    id: 'analytics',
    title: 'Analytics',
    key: '0',
    controlRoom: true,
    tail: 'query',
    load: () => import('../views/analytics/AnalyticsView').then((m) => m.AnalyticsView),
  },
  {
    // Reached from a tile or an alarm, not from the header.
    id: 'device',
    title: 'Device',
    controlRoom: false,
    tail: 'device',
    load: () => import('../views/device/DeviceRoute').then((m) => m.DeviceRoute),
  },
] as const satisfies readonly ViewDeclaration[];

type Declared = (typeof VIEW_LIST)[number];
export type View = Declared['id'];
/** The views reached from the header and by key. */
export type MainView = Extract<Declared, { key: string }>['id'];

export interface MainViewDeclaration extends ViewDeclaration {
  readonly id: MainView;
  readonly key: string;
}

/** The header's views, in order. */
export const MAIN_VIEWS: readonly MainViewDeclaration[] = VIEW_LIST.filter(
  (v): v is Extract<Declared, { key: string }> => 'key' in v,
);

const BY_ID: ReadonlyMap<string, ViewDeclaration & { id: View }> = new Map(VIEW_LIST.map((v) => [v.id, v]));

/** The declaration of a view id (from a URL), or undefined when there is no such view. */
export function viewDeclaration(id: string): (ViewDeclaration & { id: View }) | undefined {
  return BY_ID.get(id);
}

/** The view a key opens, if any. */
export function viewForKey(key: string): MainView | undefined {
  return MAIN_VIEWS.find((v) => v.key === key)?.id;
}
