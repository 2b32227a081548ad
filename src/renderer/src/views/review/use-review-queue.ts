// The review queue's state and calls: loads annotations.queue for the chosen days and device,
// gives verdicts (annotations.create, optimistic: see review-queue.ts), takes the last one back
// (annotations.delete of the label just made). Answers to an older load are dropped, so turning
// the days selector quickly never shows the wrong queue.
//
// The session (what was labelled here, for "cleared N" and undo; the days, device and cause
// chosen) outlives the view: Enter opens the chart, Back returns to the queue as it was left.
// Kept for the page's life in this module, not in the app store: no other view reads it.
//
// Labels made elsewhere meanwhile (a colleague, the chart) take their events out of the queue:
// a change that is not one of this queue's own labels reloads it, a moment later (changes come
// in bursts: an import), so nobody labels an event twice without knowing.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewItem, Verdict } from '../../../../shared/contract';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';
import { describeReviewError } from './review-error';
import {
  createParams,
  emptyQueue,
  labelFailed,
  labelSaved,
  labelUndone,
  startLabel,
  undoTarget,
  withItems,
  type QueueModel,
} from './review-queue';

export interface QueueQuery {
  days: number;
  deviceId: string | null;
}

export interface ReviewQueueState {
  model: QueueModel;
  setModel(update: (m: QueueModel) => QueueModel): void;
  loading: boolean;
  loadError: string | null;
  /** The last undo that failed, said once. */
  notice: string | null;
  reload(): void;
  label(item: ReviewItem, verdict: Verdict, cause: string | null, text: string): void;
  undo(): void;
}

export interface QueueSession {
  model: QueueModel;
  days: number;
  deviceId: string | null;
  cause: string | null;
}

/** This page's review session (see the header). */
export const queueSession: QueueSession = { model: emptyQueue(), days: 7, deviceId: null, cause: null };

/** A change made elsewhere reloads the queue this long after the last of a burst. */
const OTHERS_CHANGE_RELOAD_MS = 1500;

/** Rows asked for at once: more than an expert clears in a sitting. */
const QUEUE_LIMIT = 500;

export function useReviewQueue(query: QueueQuery): ReviewQueueState {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [model, setModelState] = useState<QueueModel>(() => queueSession.model);
  // The query last answered (or failed): loading while it is not the current one.
  const [settledKey, setSettledKey] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadId = useRef(0);
  const modelRef = useRef(model);
  const setModel = useCallback((update: (m: QueueModel) => QueueModel) => {
    modelRef.current = update(modelRef.current);
    queueSession.model = modelRef.current;
    setModelState(modelRef.current);
  }, []);

  const queryKey = `${query.days}|${query.deviceId ?? ''}|${generation}`;
  const loading = connected && settledKey !== queryKey;

  useEffect(() => {
    if (!connected) return;
    const id = ++loadId.current;
    client
      .request('annotations.queue', {
        days: query.days,
        limit: QUEUE_LIMIT,
        ...(query.deviceId ? { deviceId: query.deviceId } : {}),
      })
      .then(
        (answer) => {
          if (id !== loadId.current) return;
          setModel((m) => withItems(m, answer.items, answer.total));
          setLoadError(null);
          setSettledKey(queryKey);
        },
        (err: unknown) => {
          if (id !== loadId.current) return;
          setLoadError(describeReviewError(err, 'load'));
          setSettledKey(queryKey);
        },
      );
  }, [client, connected, query.days, query.deviceId, queryKey, setModel]);

  // The labels this queue made or took back: their own events need no reload.
  const own = useRef(new Set<string>());
  useEffect(() => {
    if (!connected) return;
    const seen = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.subscribe('annotations.changes', {}, (event) => {
      seen.add(event.annotation.id);
      clearTimeout(timer);
      // Decided after the burst: by then the answer to our own create has named its id.
      timer = setTimeout(() => {
        const others = [...seen].some((id) => !own.current.has(id));
        seen.clear();
        if (others) setGeneration((g) => g + 1);
      }, OTHERS_CHANGE_RELOAD_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [client, connected]);

  const label = useCallback(
    (item: ReviewItem, verdict: Verdict, cause: string | null, text: string) => {
      setNotice(null);
      setModel((m) => startLabel(m, item.key, verdict));
      client.request('annotations.create', createParams(item, verdict, cause, text)).then(
        (annotation) => {
          own.current.add(annotation.id);
          setModel((m) => labelSaved(m, item.key, annotation));
        },
        (err: unknown) => setModel((m) => labelFailed(m, item.key, describeReviewError(err, 'label'))),
      );
    },
    [client, setModel],
  );

  const undo = useCallback(() => {
    const target = undoTarget(modelRef.current);
    if (!target) {
      setNotice('Nothing to take back.');
      return;
    }
    const { key, annotation } = target;
    client.request('annotations.delete', { id: annotation.id, revision: annotation.revision }).then(
      () => {
        setNotice(null);
        setModel((m) => labelUndone(m, key));
      },
      (err: unknown) => setNotice(describeReviewError(err, 'undo')),
    );
  }, [client, setModel]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { model, setModel, loading, loadError, notice, reload, label, undo };
}
