// The page of labels the Labels part shows: annotations.list for the applied filters and the
// page's cursor, kept live by annotations.changes (label-filters.ts says where a change lands).
// A new filter or page asks again; answers to an older question are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotation } from '../../../../shared/contract';
import { useClient } from '../../app/engine-context';
import { useAppStore } from '../../store/app-store';
import { applyChange, type LabelPage } from './label-filters';
import { describeReviewError } from './review-error';
import type { ParamsIn } from '../../../../shared/contract';

type Filters = Omit<ParamsIn<'annotations.list'>, 'limit' | 'cursor'>;

export const LABEL_PAGE_SIZE = 100;

export interface LabelsState {
  page: LabelPage | null;
  next: string | null;
  loading: boolean;
  error: string | null;
  /** A label changed here (details): shown at once, before its event arrives. */
  put(label: Annotation): void;
  reload(): void;
}

export function useLabels(filters: Filters | null, cursor: string | undefined): LabelsState {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [page, setPage] = useState<LabelPage | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [settledKey, setSettledKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const loadId = useRef(0);
  const key = JSON.stringify([filters, cursor ?? null, generation]);
  const loading = connected && filters !== null && settledKey !== key;
  const live = useRef({ filters, firstPage: cursor === undefined });
  useEffect(() => {
    live.current = { filters, firstPage: cursor === undefined };
  });

  useEffect(() => {
    if (!connected || filters === null) return;
    const id = ++loadId.current;
    client.request('annotations.list', { ...filters, limit: LABEL_PAGE_SIZE, ...(cursor ? { cursor } : {}) }).then(
      (answer) => {
        if (id !== loadId.current) return;
        setPage({ items: answer.items, total: answer.total });
        setNext(answer.next);
        setError(null);
        setSettledKey(key);
      },
      (err: unknown) => {
        if (id !== loadId.current) return;
        setError(describeReviewError(err, 'load'));
        setSettledKey(key);
      },
    );
    // `key` stands for the filters' content, the cursor and the reloads: a new object with the
    // same filters asks nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, connected, key]);

  const put = useCallback((label: Annotation) => {
    const { filters, firstPage } = live.current;
    if (filters) setPage((p) => (p ? applyChange(p, label, filters, firstPage) : p));
  }, []);

  useEffect(() => {
    if (!connected) return;
    return client.subscribe('annotations.changes', {}, (event) => put(event.annotation));
  }, [client, connected, put]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { page, next, loading, error, put, reload };
}
