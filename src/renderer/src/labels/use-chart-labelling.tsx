// Labelling for any history chart, in a few lines: give it the device, the signal, the window
// the chart covers; put `layer` in the chart's HistoryView and render
// `overlay` inside the chart's (position: relative) box and `hint` under it; a view of such
// charts shows <LabelHint /> once. It loads and
// follows the labels, alarms and corrected values, and opens the label popover for a dragged
// range, an anomaly, an alarm or a label that was clicked.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Annotation } from '../../../shared/contract/annotations';
import type { Anomaly } from '../../../shared/contract/detection';
import { seriesKey } from '../../../shared/domain';
import { formatLocalTime } from '../components/format';
import type { TimeWindow } from '../charts/history-option';
import { labelsOnChart, labelTitle } from '../charts/label-marks';
import type { ChartLabelLayer, ChartPoint } from '../charts/use-label-layer';
import type { LabelSubject } from './label-form';
import { LabelPopover } from './LabelPopover';
import { alarmEnd } from './alarm-labels';
import { useAlarmMarks } from './use-alarm-marks';
import { useCorrected, useLabelList } from './use-labels';
import { useAppStore } from '../store/app-store';

type Open =
  { mode: 'new'; subject: LabelSubject; title: string; at: ChartPoint } | { mode: 'edit'; id: string; at: ChartPoint };

export interface ChartLabelling {
  layer: ChartLabelLayer;
  /** The popover, when one is open (inside the chart's box). */
  overlay: ReactNode;
  /** Under the chart: why labels could not be loaded, when they could not. */
  hint: ReactNode;
  /** The labels shown, e.g. for a count. */
  labels: readonly Annotation[];
  error: string | null;
}

const span = (from: number, to: number) =>
  from === to ? formatLocalTime(from) : `${formatLocalTime(from)} – ${formatLocalTime(to)}`;

export function useChartLabelling(deviceId: string, signal: string, window: TimeWindow | null): ChartLabelling {
  const list = useLabelList(deviceId, signal, window);
  const labels = useMemo(() => labelsOnChart(list.labels, deviceId, signal), [list.labels, deviceId, signal]);
  const alarms = useAlarmMarks(deviceId, signal, window);
  const corrected = useCorrected(seriesKey(deviceId, signal), window, labels);
  const [open, setOpen] = useState<Open | null>(null);
  const storeAlarms = useAppStore((s) => s.alarms);

  const onRange = useCallback(
    (r: TimeWindow, at: ChartPoint) =>
      setOpen({
        mode: 'new',
        at,
        title: `Label ${span(r.from, r.to)} · ${signal}`,
        subject: { deviceId, signal, from: r.from, to: r.to, target: { type: 'range' } },
      }),
    [deviceId, signal],
  );
  const onLabel = useCallback((id: string, at: ChartPoint) => setOpen({ mode: 'edit', id, at }), []);
  const onAnomaly = useCallback(
    (a: Anomaly, at: ChartPoint) =>
      setOpen({
        mode: 'new',
        at,
        title: `Label this anomaly · ${a.message || a.kind} · ${formatLocalTime(a.ts)}`,
        subject: {
          deviceId,
          signal: a.signal === '*' ? '*' : signal,
          from: a.ts,
          to: a.ts,
          target: { type: 'anomaly', detector: a.detector, kind: a.kind, ts: a.ts },
        },
      }),
    [deviceId, signal],
  );
  const onAlarm = useCallback(
    (alarmId: number, at: ChartPoint) => {
      const mark = alarms.find((m) => m.alarmId === alarmId);
      if (!mark) return;
      const live = storeAlarms[alarmId];
      const to = live ? alarmEnd(live) : mark.to;
      setOpen({
        mode: 'new',
        at,
        title: `Label this alarm · ${mark.title} · ${span(mark.from, to)}`,
        subject: { deviceId, signal, from: mark.from, to, target: { type: 'alarm', alarmId } },
      });
    },
    [alarms, storeAlarms, deviceId, signal],
  );

  const pendingFrom = open?.mode === 'new' ? open.subject.from : null;
  const pendingTo = open?.mode === 'new' ? open.subject.to : null;
  const pending = useMemo(
    () => (pendingFrom === null || pendingTo === null ? null : { from: pendingFrom, to: pendingTo }),
    [pendingFrom, pendingTo],
  );
  const layer = useMemo<ChartLabelLayer>(
    () => ({ labels, alarms, corrected, pending, onRange, onLabel, onAnomaly, onAlarm }),
    [labels, alarms, corrected, pending, onRange, onLabel, onAnomaly, onAlarm],
  );

  const apply = list.apply;
  const close = useCallback(() => setOpen(null), []);
  const saved = useCallback(
    (a: Annotation) => {
      apply(a);
      setOpen(null);
    },
    [apply],
  );

  let overlay: ReactNode = null;
  if (open?.mode === 'new') {
    overlay = (
      <LabelPopover
        at={open.at}
        subject={open.subject}
        title={open.title}
        onSaved={saved}
        onChanged={apply}
        onCancel={close}
      />
    );
  } else if (open?.mode === 'edit') {
    const existing = list.labels.find((l) => l.id === open.id);
    if (existing) {
      overlay = (
        <LabelPopover
          key={existing.id}
          at={open.at}
          existing={existing}
          subject={{ deviceId, signal, from: existing.from, to: existing.to, target: existing.target }}
          title={`${labelTitle(existing)} · ${span(existing.from, existing.to)}`}
          onSaved={saved}
          onChanged={apply}
          onCancel={close}
        />
      );
    }
  }

  const hint = list.error ? (
    <p className="label-hint label-hint-error" role="status" data-testid="labels-error">
      Labels: {list.error}
    </p>
  ) : null;

  return { layer, overlay, hint, labels, error: list.error };
}

/** How to label, said once above a view's charts. */
export function LabelHint() {
  return (
    <p className="label-hint" data-testid="label-hint">
      Drag across a chart to label a range, or focus a chart (Tab) and press <kbd>L</kbd> to label the range in view;
      keys 1–6 pick the verdict, Enter saves. Click a pin, an alarm line or a label to label or open it. The wheel
      zooms, shift-drag pans.
    </p>
  );
}
