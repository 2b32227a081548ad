// One signal on the Device view: its history chart for the selected range, what the chart is
// made of (tier, points), its statistics and its exports. Zooming or panning re-queries the
// window in view (debounced; a newer answer always wins) so a zoom into a year of 1-day
// rollups ends at raw readings; the coarse overview stays around it for zooming back out.
// Labels (labels/use-chart-labelling.tsx): drag a range or click a pin, alarm or label.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Device, Signal } from '../../../../shared/domain';
import { seriesKey } from '../../../../shared/domain';
import { Chart, type ChartHandle, type HistoryView } from '../../charts/Chart';
import { gapThresholdMs, type HistoryLook, type TimeWindow } from '../../charts/history-option';
import { EMPTY_POINTS, pointsOf, spliceWindow } from '../../charts/history-points';
import { inWindow } from '../../charts/visible-points';
import { displayUnit } from '../../components/format';
import { KIND_LABEL } from '../../store/alarm-queue';
import { useChartLabelling } from '../../labels/use-chart-labelling';
import { useDisplayPrefs } from '../../store/display-prefs';
import { offlineAfterMs } from '../../telemetry/offline-status';
import { useDeviceStatus } from '../use-device-status';
import { AnomalyList } from './AnomalyList';
import { debounce } from './debounce';
import { ExportMenu } from './ExportMenu';
import { tierLabel } from './history-format';
import type { ResolvedRange } from './history-range';
import { maxPointsForWidth } from './max-points';
import { StatsPanel } from './StatsPanel';
import { useAnomalies } from './use-anomalies';
import { useElementWidth } from './use-element-width';
import { useHistoryPoints } from './use-history';

/** Quiet time after the last zoom or pan step before the window is queried. */
const ZOOM_DEBOUNCE_MS = 250;

interface SignalHistoryProps {
  device: Device;
  signal: Signal;
  range: ResolvedRange;
  deviceSeries: readonly string[];
}

export const SignalHistory = memo(function SignalHistory({ device, signal, range, deviceSeries }: SignalHistoryProps) {
  useDisplayPrefs(); // its times (anomalies, trend span) redraw when the clock setting changes
  const series = seriesKey(device.id, signal.key);
  const chart = useRef<ChartHandle>(null);
  // Its status from its own alarms and the device's (offline), as the tile derives it: colours
  // the chart and names it; a prediction is named as one and never tones the chart as an alarm.
  const status = useDeviceStatus(device, signal.key);
  const alarm = status.level === 'predicted' ? null : status.alarm;
  const alarmTone = status.level === 'alarm' ? 'active' : status.level === 'returned' ? 'returned' : 'none';
  const [box, width] = useElementWidth<HTMLDivElement>();
  const maxPoints = maxPointsForWidth(width);
  const ready = width > 0;

  // The zoom belongs to the range it was made in: picking another range drops it.
  const rangeKey = range.key;
  const [zoom, setZoom] = useState<{ rangeKey: string; window: TimeWindow } | null>(null);
  const zoomed = zoom && zoom.rangeKey === rangeKey ? zoom.window : null;
  const onZoom = useMemo(
    () => debounce((w: TimeWindow | null) => setZoom(w && { rangeKey, window: w }), ZOOM_DEBOUNCE_MS),
    [rangeKey],
  );
  useEffect(() => () => onZoom.cancel(), [onZoom]);

  const whole = useMemo(() => ({ from: range.from, to: range.to }), [range.from, range.to]);
  const overview = useHistoryPoints(series, ready ? whole : null, maxPoints);
  const detail = useHistoryPoints(series, ready ? zoomed : null, maxPoints);

  const overviewPoints = overview.answer?.points;
  const detailAnswer = zoomed ? detail.answer : undefined;
  const points = useMemo(() => {
    const base = overviewPoints ? pointsOf(overviewPoints) : EMPTY_POINTS;
    if (!detailAnswer) return base;
    const fine = detailAnswer.points ? pointsOf(detailAnswer.points) : EMPTY_POINTS;
    return spliceWindow(base, fine, detailAnswer.window.from, detailAnswer.window.to);
  }, [overviewPoints, detailAnswer]);

  const downsampled = points.bucketMs > 0;
  const look = useMemo<HistoryLook>(
    () => ({ name: signal.key, unit: signal.unit, limits: signal.limits, normal: signal.normal, downsampled }),
    [signal, downsampled],
  );
  const gapMs = gapThresholdMs(points.bucketMs, offlineAfterMs(signal.intervalMs));
  const anomalies = useAnomalies(device.id, signal.key, ready ? whole : null);
  // The list follows the window on screen; the chart keeps every pin for panning back.
  const anomaliesInView = useMemo(() => inWindow(anomalies, zoomed ?? whole), [anomalies, zoomed, whole]);
  const labelling = useChartLabelling(device.id, signal.key, ready ? whole : null);
  const labels = labelling.layer;
  const view = useMemo<HistoryView>(
    () => ({ series, look, points, range: whole, live: range.live, rangeKey, gapMs, onZoom, anomalies, labels }),
    [series, look, points, whole, range.live, rangeKey, gapMs, onZoom, anomalies, labels],
  );

  // What the labels describe: the answer for the window in view.
  const current = zoomed ? detail : overview;
  const shown = (zoomed && detail.answer) || overview.answer;
  const shownPoints = shown?.points ?? null;
  const count = shownPoints?.ts.length ?? 0;
  const state = current.error ? 'error' : current.loading || !shown ? 'loading' : count === 0 ? 'empty' : 'ready';
  const unit = displayUnit(signal.unit);

  return (
    <article className="signal-history" aria-labelledby={`signal-${series}`} data-signal={signal.key} tabIndex={-1}>
      <header className="signal-head">
        <h2 className="signal-name" id={`signal-${series}`}>
          {signal.key}
          {unit && <span className="signal-unit"> ({unit})</span>}
        </h2>
        {status.level !== 'normal' && (
          <span
            className="signal-alarm"
            data-testid="signal-alarm"
            data-level={status.level}
            data-state={alarm?.state}
            data-priority={status.priority ?? undefined}
          >
            {status.text}
            {alarm && ` · ${KIND_LABEL[alarm.kind].toLowerCase()} alarm`}
          </span>
        )}
        <p className="signal-meta" data-testid="history-meta">
          {shownPoints ? `${tierLabel(shownPoints.tier, shownPoints.bucketMs)} · ${count} points` : '\u00a0'}
          {zoomed && <span className="signal-zoomed"> · zoomed</span>}
        </p>
        <ExportMenu
          series={series}
          deviceSeries={deviceSeries}
          chart={chart}
          window={zoomed ?? whole}
          tier={shownPoints?.tier ?? null}
          title={`${device.name && device.name !== device.id ? `${device.name} (${device.id})` : device.id} · ${signal.key}${unit ? ` (${unit})` : ''}`}
        />
      </header>
      <div className="signal-body">
        <div
          ref={box}
          className="history-chart"
          data-testid="history-chart"
          data-series={series}
          data-tier={shownPoints?.tier ?? ''}
          data-points={count}
          data-state={state}
          data-alarm={alarmTone}
          data-from={shown?.window.from ?? ''}
          data-to={shown?.window.to ?? ''}
          data-anomalies={anomalies.length}
          data-labels={labelling.labels.length}
          data-label-ids={labelling.labels.map((l) => l.id).join(' ')}
          data-label-verdicts={labelling.labels.map((l) => l.verdict).join(' ')}
          aria-busy={state === 'loading'}
        >
          <Chart
            ref={chart}
            history={view}
            tone={`${alarmTone}/${status.priority ?? ''}`}
            className="history-canvas"
            label={`${signal.key} history`}
          />
          {state === 'empty' && (
            <p className="chart-overlay" data-testid="history-empty">
              No data in this range
            </p>
          )}
          {state === 'loading' && !shown && <p className="chart-overlay">Loading history…</p>}
          {state === 'error' && (
            <p className="chart-overlay chart-error" role="alert" data-testid="history-error">
              History unavailable: {current.error}
            </p>
          )}
          {labelling.overlay}
        </div>
        <StatsPanel series={series} signal={signal} window={ready ? (zoomed ?? whole) : null} points={points} />
      </div>
      {labelling.hint}
      <AnomalyList anomalies={anomaliesInView} zoomed={zoomed !== null} total={anomalies.length} />
    </article>
  );
});
