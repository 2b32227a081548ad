// Labels as a chart or a panel needs them: the labels of a device (one signal's and the whole
// device's, or all) overlapping a window, kept live by `annotations.changes` so a label made on
// one chart shows on every other at once; the site's list of causes; and the corrected values
// of a series for its bad-data labels.
//
// Decision: the causes are asked for each time a form opens (one small call), so a list edited
// in Settings → Review, here or in another window, is the one the next form offers, with no
// reload. The last list known is shown meanwhile, so a form never opens with an empty list
// once one has arrived. Refreshing on save in Settings would miss another window's edits.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Annotation, CorrectedSeries } from '../../../shared/contract/annotations';
import type { ContractClient } from '../../../shared/rpc/client';
import { useClient } from '../app/engine-context';
import { useLatestQuery } from '../api/use-latest-query';
import type { TimeWindow } from '../charts/history-option';
import { correctedData } from '../charts/label-marks';
import { useAppStore } from '../store/app-store';
import { labelErrorText } from './label-form';

export interface LabelList {
  /** By id; deleted ones included (callers filter: labelsOnChart). */
  labels: readonly Annotation[];
  error: string | null;
  /** Adopts a label a call just returned, before the stream brings it. */
  apply(a: Annotation): void;
}

const newer = (a: Annotation, b: Annotation | undefined) => !b || a.revision >= b.revision;

export function useLabelList(deviceId: string, signal: string | undefined, window: TimeWindow | null): LabelList {
  const client = useClient();
  const connected = useAppStore((s) => s.connection === 'open');
  const [byId, setById] = useState<ReadonlyMap<string, Annotation>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const from = window?.from;
  const to = window?.to;

  const apply = useCallback((a: Annotation) => {
    setById((m) => {
      if (!newer(a, m.get(a.id))) return m;
      const next = new Map(m);
      next.set(a.id, a);
      return next;
    });
  }, []);

  useEffect(() => {
    if (!connected || from === undefined || to === undefined) return;
    let current = true;
    // Subscribed first, so a change made while the list is on its way is not lost.
    const off = client.subscribe('annotations.changes', { deviceId }, (e) => current && apply(e.annotation));
    client.request('annotations.list', { deviceId, ...(signal ? { signal } : {}), from, to, limit: 1000 }).then(
      (page) => {
        if (!current) return;
        setById((m) => {
          const next = new Map<string, Annotation>();
          for (const a of page.items) next.set(a.id, a);
          // Changes streamed meanwhile are at least as new.
          for (const [id, a] of m) if (a.deviceId === deviceId && newer(a, next.get(id))) next.set(id, a);
          return next;
        });
        setError(null);
      },
      (err: unknown) => current && setError(labelErrorText(err)),
    );
    return () => {
      current = false;
      off();
    };
  }, [client, connected, deviceId, signal, from, to, apply]);

  const labels = useMemo(() => [...byId.values()], [byId]);
  return { labels, error, apply };
}

/** The list the last answer gave: what a form shows until its own answer arrives. */
let lastCauses: readonly string[] = [];

/** The site's causes, asked for again on every call (a form opening). */
export function loadCauses(client: ContractClient): Promise<readonly string[]> {
  return client.request('annotations.causes', {}).then((r) => {
    lastCauses = r.causes;
    return r.causes;
  });
}

/** The site's causes as they are when the form using it opens. */
export function useCauses(): readonly string[] {
  const client = useClient();
  const [list, setList] = useState<readonly string[]>(lastCauses);
  useEffect(() => {
    let current = true;
    loadCauses(client).then(
      (c) => current && setList(c),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [client]);
  return list;
}

const NO_VALUES: readonly (number | null)[][] = [];

/** Corrected values of a series in a window, asked again when its bad-data labels change. */
export function useCorrected(series: string, window: TimeWindow | null, labels: readonly Annotation[]) {
  const client = useClient();
  const carrying = labels
    .filter((a) => a.verdict === 'bad-data' && a.corrections > 0 && !a.deleted)
    .map((a) => `${a.id}@${a.revision}`)
    .join(',');
  const key = window && carrying ? `${series}|${window.from}|${window.to}|${carrying}` : null;
  const q = useLatestQuery<CorrectedSeries[]>(key, () =>
    client.request('annotations.corrected', { series: [series], from: window!.from, to: window!.to }),
  );
  const data = key ? q.data : undefined;
  return useMemo(() => (data ? correctedData(data, series) : NO_VALUES), [data, series]);
}
