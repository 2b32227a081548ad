// The review queue as the expert works through it: which rows are still waiting, which one is
// selected, which labels were just made (to count them and to undo the last). Labelling is
// optimistic — the row leaves at once and the selection moves on, so an expert never waits for
// the engine between two keys — but honest: a create that fails puts the row back, in place,
// with the reason. Pure functions over an immutable model, so every step is unit-tested.
import type { Annotation, ParamsIn, ReviewItem, Verdict } from '../../../../shared/contract';

export type RowStatus =
  | { kind: 'open' }
  | { kind: 'saving'; verdict: Verdict }
  | { kind: 'done'; annotation: Annotation }
  | { kind: 'failed'; error: string };

export interface QueueModel {
  /** The engine's queue, newest first, as last loaded. */
  readonly items: readonly ReviewItem[];
  /** How many the engine has waiting in all (it sends at most a page). */
  readonly total: number;
  readonly status: ReadonlyMap<string, RowStatus>;
  readonly selected: string | null;
  /** Keys labelled in this session, oldest first: the counter, and `u` undoes the last. */
  readonly done: readonly string[];
}

const OPEN: RowStatus = { kind: 'open' };

export function emptyQueue(): QueueModel {
  return { items: [], total: 0, status: new Map(), selected: null, done: [] };
}

export function statusOf(model: QueueModel, key: string): RowStatus {
  return model.status.get(key) ?? OPEN;
}

/** Rows still on screen: not being saved and not labelled. */
export function visibleRows(model: QueueModel): ReviewItem[] {
  return model.items.filter((item) => {
    const s = statusOf(model, item.key).kind;
    return s === 'open' || s === 'failed';
  });
}

/** "cleared N · M left": labelled in this session, and still waiting (beyond the page too). */
export function queueCounts(model: QueueModel): { cleared: number; left: number } {
  const visible = visibleRows(model).length;
  const notLoaded = Math.max(0, model.total - model.items.length);
  return { cleared: model.done.length, left: visible + notLoaded };
}

/**
 * A fresh answer from the engine. What this session labelled stays counted (and undoable);
 * the rows the engine no longer lists (labelled, here or elsewhere) simply go. The selection
 * stays on its row when that row is still there, else goes to the first.
 */
export function withItems(model: QueueModel, items: readonly ReviewItem[], total: number): QueueModel {
  const next: QueueModel = { ...model, items, total };
  const visible = visibleRows(next);
  const selected = visible.some((i) => i.key === model.selected) ? model.selected : (visible[0]?.key ?? null);
  return { ...next, selected };
}

/** Moves the selection by `step` rows among those on screen (j/k, ↓/↑), stopping at the ends. */
export function moveSelection(model: QueueModel, step: number): QueueModel {
  const visible = visibleRows(model);
  if (visible.length === 0) return { ...model, selected: null };
  const index = visible.findIndex((i) => i.key === model.selected);
  const target = index < 0 ? 0 : Math.min(Math.max(index + step, 0), visible.length - 1);
  return { ...model, selected: visible[target]!.key };
}

export function select(model: QueueModel, key: string): QueueModel {
  return visibleRows(model).some((i) => i.key === key) ? { ...model, selected: key } : model;
}

function withStatus(model: QueueModel, key: string, status: RowStatus): Map<string, RowStatus> {
  const map = new Map(model.status);
  map.set(key, status);
  return map;
}

/** A verdict given to a row: it leaves the screen and the selection moves to the next one (or the one before, at the end). */
export function startLabel(model: QueueModel, key: string, verdict: Verdict): QueueModel {
  const visible = visibleRows(model);
  const index = visible.findIndex((i) => i.key === key);
  if (index < 0) return model;
  const after = visible[index + 1] ?? visible[index - 1];
  return { ...model, status: withStatus(model, key, { kind: 'saving', verdict }), selected: after?.key ?? null };
}

export function labelSaved(model: QueueModel, key: string, annotation: Annotation): QueueModel {
  return {
    ...model,
    status: withStatus(model, key, { kind: 'done', annotation }),
    done: [...model.done.filter((k) => k !== key), key],
  };
}

/** The create failed: the row is back where it was, with the reason, and selected when nothing else is. */
export function labelFailed(model: QueueModel, key: string, error: string): QueueModel {
  const next = { ...model, status: withStatus(model, key, { kind: 'failed', error }) };
  return next.selected === null ? { ...next, selected: key } : next;
}

/** The label `u` would take back: the newest one made in this session. */
export function undoTarget(model: QueueModel): { key: string; annotation: Annotation } | null {
  const key = model.done.at(-1);
  if (key === undefined) return null;
  const status = statusOf(model, key);
  return status.kind === 'done' ? { key, annotation: status.annotation } : null;
}

/** The label was deleted: the row is waiting again, and selected. */
export function labelUndone(model: QueueModel, key: string): QueueModel {
  return {
    ...model,
    status: withStatus(model, key, OPEN),
    done: model.done.filter((k) => k !== key),
    selected: model.items.some((i) => i.key === key) ? key : model.selected,
  };
}

/** What annotations.create is asked for a row: its target, its range, the verdict, and the sticky cause. */
export function createParams(
  item: ReviewItem,
  verdict: Verdict,
  cause: string | null,
  text = '',
): ParamsIn<'annotations.create'> {
  return {
    deviceId: item.deviceId,
    signal: item.signal || '*',
    from: item.from,
    to: Math.max(item.from, item.to),
    verdict,
    cause,
    text,
    target: item.target,
  };
}

/**
 * The time the Device view opens at for a range (`#device/<id>@<ts>`): its middle. The Device
 * view shows half an hour either side, so a range of up to an hour is seen whole; a longer one
 * opens on its middle hour (the range picker widens it).
 */
export function chartTimeFor(from: number, to: number): number {
  return Math.round((from + Math.max(from, to)) / 2);
}
