// Expert labels: create, change, delete and restore them with revisions and history, over
// state.db (annotation-store.ts), and keep the live ones in memory (label-index.ts) for the rest
// of the engine (the AnnotationIndex port). Every change is checked against the revision the
// caller saw (a stale one is a CONFLICT carrying the label as it is now), written with its
// history row in one transaction, then announced: a LabelChange to the engine's listeners and
// an event to the annotations.changes stream.
//
// Decisions: a device may be labelled when the registry knows it or history holds readings of
// it (a device removed from the registry keeps its past); a signal must be one of the device's
// (registry or history) or "*". An alarm target must be an alarm of that device. A change that
// changes nothing is answered with the label as it is, and no revision. Corrected values
// belong to one signal's bad-data label; a change that would leave them outside the label
// (another verdict, a shorter range, another signal) is refused until they are removed, so
// nothing is dropped silently.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  DEFAULT_CAUSES,
  type Annotation,
  type AnnotationChange,
  type AnnotationFields,
  type AnnotationPage,
  type CorrectedSeries,
  type Verdict,
} from '../../../shared/contract/annotations';
import { EngineError } from '../../../shared/errors';
import type { AlarmStore } from '../alarms/alarm-store';
import type { DeviceRegistry } from '../state/device-registry';
import type { StateDb } from '../state/state-db';
import { loadSetting, saveSetting } from '../state/stored-setting';
import type { AnnotationIndex, LabelChange, LabelRange } from './annotation-ports';
import { AnnotationStore, fieldsOf, type AnnotationQuery, type Cursor } from './annotation-store';
import { LabelIndex } from './label-index';

const CAUSES_KEY = 'annotations.causes';

export type AnnotationAction = AnnotationChange['action'];
export interface AnnotationEvent {
  annotation: Annotation;
  action: AnnotationAction;
}

export interface AnnotationServiceDeps {
  db: StateDb;
  registry: Pick<DeviceRegistry, 'get' | 'signal'>;
  alarmStore: Pick<AlarmStore, 'get'>;
  /** Signals history holds readings of, for a device (empty when none). */
  storedSignals: (deviceId: string) => readonly string[];
  clock: () => number;
  log: (message: string) => void;
}

/** What a new label names: the fields an expert sets. */
export type CreateParams = AnnotationFields;

export interface UpdateParams {
  id: string;
  revision: number;
  signal?: string;
  from?: number;
  to?: number;
  verdict?: Verdict;
  cause?: string | null;
  text?: string;
}

export function toRange(a: Annotation): LabelRange {
  const { id, deviceId, signal, from, to, verdict, cause, text, author, target, revision } = a;
  return { id, deviceId, signal, from, to, verdict, cause, text, author, target, revision };
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.from}:${c.seq}`).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  const m = /^(\d+):(\d+)$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m)
    throw new EngineError('BAD_REQUEST', 'the cursor is not one a page of annotations.list gave', {
      parameter: 'cursor',
    });
  return { from: Number(m[1]), seq: Number(m[2]) };
}

const sameFields = (a: AnnotationFields, b: AnnotationFields) =>
  JSON.stringify(fieldsOf(a)) === JSON.stringify(fieldsOf(b));

export class AnnotationService implements AnnotationIndex {
  readonly store: AnnotationStore;
  private readonly index = new LabelIndex();
  private changes = 0;
  private readonly listeners = new Set<(change: LabelChange) => void>();
  private readonly eventListeners = new Set<(event: AnnotationEvent) => void>();
  private causeList: string[] = [...DEFAULT_CAUSES];

  constructor(private readonly deps: AnnotationServiceDeps) {
    this.store = new AnnotationStore(deps.db);
  }

  start(): void {
    this.reload();
    const saved = loadSetting(this.deps.db, CAUSES_KEY, z.array(z.string()).min(1), 'review causes', this.deps.log);
    this.causeList = saved ? saved.config : [...DEFAULT_CAUSES];
  }

  stop(): void {
    this.listeners.clear();
    this.eventListeners.clear();
  }

  /** Rebuilds the index from the table (at start, and after an import). */
  reload(): void {
    this.index.reset(this.store.live().map(toRange));
    this.changes++;
  }

  // ── the AnnotationIndex port ──

  get revision(): number {
    return this.changes;
  }

  rangesOf(deviceId: string, signal: string, from: number, to: number, verdicts?: readonly Verdict[]): LabelRange[] {
    return this.index.rangesOf(deviceId, signal, from, to, verdicts);
  }

  covering(deviceId: string, signal: string, ts: number, verdict: Verdict): LabelRange | undefined {
    return this.index.covering(deviceId, signal, ts, verdict);
  }

  onChange(listener: (change: LabelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every live label of a device, oldest first (the assistant's context, the review queue). */
  liveOf(deviceId: string): LabelRange[] {
    return this.index.ofDevice(deviceId);
  }

  /** The annotations.changes stream: every label created, changed, deleted or restored. */
  onEvent(listener: (event: AnnotationEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  // ── reads ──

  list(p: AnnotationQuery & { limit: number; cursor?: string }): AnnotationPage {
    const page = this.store.list(p, p.limit, p.cursor === undefined ? undefined : decodeCursor(p.cursor));
    return { items: page.items, total: page.total, next: page.last ? encodeCursor(page.last) : null };
  }

  get(id: string): { annotation: Annotation; history: AnnotationChange[] } {
    return { annotation: this.existing(id), history: this.store.history(id) };
  }

  causes(): string[] {
    return [...this.causeList];
  }

  setCauses(causes: readonly string[]): string[] {
    this.causeList = causes.map((c) => c.trim());
    saveSetting(this.deps.db, CAUSES_KEY, this.causeList, this.deps.clock());
    return this.causes();
  }

  // ── changes ──

  create(p: CreateParams, by: string): Annotation {
    const fields = this.validate({ ...p, cause: this.knownCause(p.cause) });
    const now = this.deps.clock();
    const annotation: Annotation = {
      id: this.newId(),
      ...fields,
      author: by,
      createdAt: now,
      updatedAt: now,
      updatedBy: by,
      revision: 1,
      deleted: false,
      corrections: 0,
    };
    this.store.transaction(() => {
      this.store.insert(annotation);
      this.store.addHistory(annotation.id, {
        revision: 1,
        at: now,
        by,
        action: 'create',
        before: null,
        after: fieldsOf(annotation),
        note: null,
      });
    });
    this.announce('create', null, annotation);
    return annotation;
  }

  update(p: UpdateParams, by: string): Annotation {
    const current = this.atRevision(p.id, p.revision);
    if (current.deleted) {
      throw new EngineError('INVALID_STATE', `label ${p.id} is deleted: restore it before changing it`, { current });
    }
    const next: AnnotationFields = {
      ...fieldsOf(current),
      ...(p.signal !== undefined && { signal: p.signal }),
      ...(p.from !== undefined && { from: p.from }),
      ...(p.to !== undefined && { to: p.to }),
      ...(p.verdict !== undefined && { verdict: p.verdict }),
      ...(p.cause !== undefined && { cause: p.cause === current.cause ? p.cause : this.knownCause(p.cause) }),
      ...(p.text !== undefined && { text: p.text }),
    };
    if (next.from > next.to) {
      throw new EngineError(
        'BAD_REQUEST',
        `"from" must not be after "to" (the label would run from ${next.from} to ${next.to})`,
        {
          parameter: 'to',
        },
      );
    }
    if (sameFields(current, next)) return current;
    const fields = this.validate(next);
    if (current.corrections > 0) this.keepsCorrections(current, fields);
    return this.write(current, { ...current, ...fields }, 'update', by, null);
  }

  remove(id: string, revision: number, by: string): Annotation {
    const current = this.atRevision(id, revision);
    if (current.deleted) throw new EngineError('INVALID_STATE', `label ${id} is already deleted`, { current });
    return this.write(current, { ...current, deleted: true }, 'delete', by, null);
  }

  restore(id: string, revision: number, by: string): Annotation {
    const current = this.atRevision(id, revision);
    if (!current.deleted) throw new EngineError('INVALID_STATE', `label ${id} is not deleted`, { current });
    return this.write(current, { ...current, deleted: false }, 'restore', by, null);
  }

  /** Replaces the corrected values of a live bad-data label of one signal. */
  setCorrections(
    id: string,
    revision: number,
    values: readonly { ts: number; value: number }[],
    by: string,
  ): Annotation {
    const current = this.atRevision(id, revision);
    if (current.deleted)
      throw new EngineError('INVALID_STATE', `label ${id} is deleted: corrected values go on a live label`);
    if (current.verdict !== 'bad-data') {
      throw new EngineError(
        'INVALID_STATE',
        `label ${id} is "${current.verdict}": only a bad-data label carries corrected values`,
      );
    }
    if (current.signal === '*') {
      throw new EngineError(
        'INVALID_STATE',
        `label ${id} covers the whole device: corrected values belong to one signal's label`,
      );
    }
    const outside = values.find((v) => v.ts < current.from || v.ts > current.to);
    if (outside) {
      throw new EngineError(
        'BAD_REQUEST',
        `a corrected value at ${new Date(outside.ts).toISOString()} lies outside the label (${new Date(current.from).toISOString()} – ${new Date(current.to).toISOString()})`,
        { parameter: 'values' },
      );
    }
    const seen = new Set<number>();
    for (const v of values) {
      if (seen.has(v.ts)) {
        throw new EngineError('BAD_REQUEST', `two corrected values at ${new Date(v.ts).toISOString()}`, {
          parameter: 'values',
        });
      }
      seen.add(v.ts);
    }
    const sorted = [...values].sort((a, b) => a.ts - b.ts);
    const note = `${current.corrections} → ${sorted.length} values`;
    return this.write(current, { ...current, corrections: sorted.length }, 'corrections', by, note, () =>
      this.store.setCorrections(id, sorted),
    );
  }

  /** Corrected values of these series ("device/signal") in [from, to], per label. */
  corrected(series: readonly string[], from: number, to: number): CorrectedSeries[] {
    const out: CorrectedSeries[] = [];
    for (const key of series) {
      const slash = key.indexOf('/');
      const deviceId = key.slice(0, slash);
      const signal = key.slice(slash + 1);
      const labels = this.index.rangesOf(deviceId, signal, from, to, ['bad-data']).filter((l) => l.signal === signal);
      const values = this.store.correctionsIn(
        labels.map((l) => l.id),
        from,
        to,
      );
      for (const l of labels) {
        const v = values.get(l.id);
        if (v) out.push({ series: key, annotationId: l.id, ts: v.map((x) => x.ts), value: v.map((x) => x.value) });
      }
    }
    return out;
  }

  // ── shared with import (annotation-files.ts) ──

  /** Checks a label's fields against the registry, history and alarms; returns them normalised. */
  validate(f: AnnotationFields): AnnotationFields {
    const { deviceId, signal } = f;
    const stored = this.deps.storedSignals(deviceId);
    if (!this.deps.registry.get(deviceId) && stored.length === 0) {
      throw new EngineError('BAD_REQUEST', `no device "${deviceId}": neither the registry nor history knows it`, {
        parameter: 'deviceId',
      });
    }
    if (signal !== '*' && !this.deps.registry.signal(deviceId, signal) && !stored.includes(signal)) {
      throw new EngineError(
        'BAD_REQUEST',
        `device "${deviceId}" has no signal "${signal}" (name one of its signals, or "*" for the whole device)`,
        { parameter: 'signal' },
      );
    }
    if (f.target.type === 'alarm') {
      const alarm = this.deps.alarmStore.get(f.target.alarmId);
      if (!alarm) {
        throw new EngineError('BAD_REQUEST', `no alarm ${f.target.alarmId} to label`, { parameter: 'target' });
      }
      if (alarm.deviceId !== deviceId) {
        throw new EngineError('BAD_REQUEST', `alarm ${alarm.id} belongs to ${alarm.deviceId}, not to ${deviceId}`, {
          parameter: 'target',
        });
      }
    }
    return fieldsOf(f);
  }

  /** The cause as the site's list spells it; refused when the list does not have it. */
  knownCause(cause: string | null): string | null {
    if (cause === null) return null;
    const wanted = cause.trim().toLowerCase();
    const found = this.causeList.find((c) => c.toLowerCase() === wanted);
    if (found === undefined) {
      throw new EngineError(
        'BAD_REQUEST',
        `"${cause}" is not one of the site's causes (Settings → Review lists them: ${this.causeList.join(', ')})`,
        { parameter: 'cause' },
      );
    }
    return found;
  }

  newId(): string {
    for (;;) {
      const id = randomBytes(6).toString('base64url');
      if (!this.store.get(id)) return id;
    }
  }

  /** Tells the engine's listeners and the stream about a stored change. */
  announce(action: AnnotationAction, before: Annotation | null, after: Annotation): void {
    if (before && !before.deleted) this.index.set(toRange(before), false);
    if (!after.deleted) this.index.set(toRange(after), true);
    this.changes++;
    this.emit(action, before, after);
  }

  /** Tells about many stored changes at once (a chunk of an import): the index takes them in one pass. */
  announceMany(changes: readonly { action: AnnotationAction; before: Annotation | null; after: Annotation }[]): void {
    if (changes.length === 0) return;
    this.index.setMany(changes.map((c) => ({ label: toRange(c.after), live: !c.after.deleted })));
    this.changes++;
    for (const c of changes) this.emit(c.action, c.before, c.after);
  }

  /** Announces a change already in the index. */
  emit(action: AnnotationAction, before: Annotation | null, after: Annotation): void {
    const change: LabelChange = {
      action,
      before: before && !before.deleted ? toRange(before) : null,
      after: after.deleted ? null : toRange(after),
    };
    for (const l of this.listeners) this.safely(() => l(change));
    for (const l of this.eventListeners) this.safely(() => l({ annotation: after, action }));
  }

  // ── internals ──

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log(`an annotation listener failed: ${(err as Error).message}`);
    }
  }

  private existing(id: string): Annotation {
    const a = this.store.get(id);
    if (!a) throw new EngineError('NOT_FOUND', `no label with id ${id}`);
    return a;
  }

  private atRevision(id: string, revision: number): Annotation {
    const current = this.existing(id);
    if (current.revision !== revision) {
      throw new EngineError(
        'CONFLICT',
        `label ${id} was changed by ${current.updatedBy} since revision ${revision} (it is at revision ${current.revision}): reload it and apply the change again`,
        { current },
      );
    }
    return current;
  }

  private keepsCorrections(current: Annotation, next: AnnotationFields): void {
    const values = this.store.corrections(current.id);
    const lost = next.verdict !== 'bad-data' || next.signal !== current.signal;
    const outside = values.filter((v) => v.ts < next.from || v.ts > next.to).length;
    if (lost || outside > 0) {
      throw new EngineError(
        'INVALID_STATE',
        `label ${current.id} carries ${values.length} corrected values${lost ? '' : ` (${outside} outside the new range)`}: remove them first (annotations.setCorrections with none)`,
        { current },
      );
    }
  }

  private write(
    current: Annotation,
    next: Annotation,
    action: AnnotationAction,
    by: string,
    note: string | null,
    also?: () => void,
  ): Annotation {
    const now = this.deps.clock();
    const stored: Annotation = { ...next, revision: current.revision + 1, updatedAt: now, updatedBy: by };
    this.store.transaction(() => {
      // The revision is checked again inside the transaction: two writers cannot both win.
      const row = this.store.get(current.id);
      if (row?.revision !== current.revision) {
        throw new EngineError('CONFLICT', `label ${current.id} was changed meanwhile`, { current: row });
      }
      this.store.update(stored);
      also?.();
      this.store.addHistory(current.id, {
        revision: stored.revision,
        at: now,
        by,
        action,
        before: current.deleted ? null : fieldsOf(current),
        after: stored.deleted ? null : fieldsOf(stored),
        note,
      });
    });
    this.announce(action, current, stored);
    return stored;
  }
}
