// The overlay ("trend group"): the chosen series of any devices on one time axis, normalised or
// on their own axes, over the view's range (live presets follow now). Zooming narrows what is
// shown — and so what the CSV holds and the PNG's range says — and "Keep this zoom" makes the
// zoomed window the view's (historic) range, in the URL.
import { useCallback, useMemo, useState } from 'react';
import type { Device } from '../../../../shared/domain';
import { displayUnit } from '../../components/format';
import type { AnalyticsColors } from './analytics-chart';
import { readAnalyticsColors } from './analytics-chart';
import {
  analyticsFileName,
  overlayCsv,
  pointTime,
  rangeLabel,
  type ShownSeries,
  type ZoneOptions,
} from './analytics-export';
import { normalise } from './analytics-maths';
import { MAX_CHART_SERIES, type OverlayScale } from './analytics-state';
import { AnalyticsChart } from './AnalyticsChart';
import { ExportBar, type ExportedPng, type ExportRequest } from './ExportBar';
import { buildOverlayOption, type OverlaySeries } from './overlay-option';
import { SeriesPicker } from './SeriesPicker';
import { seriesInfo, useAnalyticsHistory } from './use-analytics-history';

interface OverlayPanelProps {
  devices: readonly Device[];
  series: readonly string[];
  scale: OverlayScale;
  window: { from: number; to: number };
  zone: ZoneOptions;
  onSeries(series: string[]): void;
  onScale(scale: OverlayScale): void;
  onKeepWindow(window: { from: number; to: number }): void;
  /** Names the range chosen (a preset, or a fixed window): a new one zooms out. */
  rangeKey: string;
}

const MAX_POINTS = 800;

export function OverlayPanel(props: OverlayPanelProps) {
  const { devices, series, scale, window, zone, rangeKey } = props;
  const drawn = useMemo(() => series.slice(0, MAX_CHART_SERIES), [series]);
  const history = useAnalyticsHistory(drawn, window, MAX_POINTS);
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const [exported, setExported] = useState<ExportedPng | null>(null);

  const shown = useMemo<OverlaySeries[]>(
    () =>
      (history.points ?? []).map((p) => ({
        info: seriesInfo(p.series, devices, displayUnit),
        ts: p.ts,
        value: p.value,
        normalised: normalise(p.value),
      })),
    [history.points, devices],
  );
  const timeText = useCallback((ts: number) => pointTime(ts, zone), [zone]);
  const build = useCallback(
    (colors: AnalyticsColors) => buildOverlayOption(shown, scale, colors, window, timeText),
    [shown, scale, window, timeText],
  );
  const inView = zoom ?? window;
  const points = shown.reduce((n, s) => n + s.ts.length, 0);

  const request: ExportRequest | null = shown.length
    ? {
        name: analyticsFileName(`overlay-${shown.length}-series`, inView.from, inView.to, '').replace(/\.$/, ''),
        csv: () => {
          const cut: ShownSeries[] = shown.map((s) => {
            const keep = s.ts.map((t) => t >= inView.from && t <= inView.to);
            const pick = <T,>(xs: readonly T[]) => xs.filter((_, i) => keep[i]);
            return {
              series: s.info.series,
              device: s.info.device,
              signal: s.info.signal,
              unit: s.info.unit,
              ts: pick(s.ts),
              value: pick(s.value),
              ...(scale === 'normalised' ? { normalised: pick(s.normalised) } : {}),
            };
          });
          return overlayCsv(cut);
        },
        png: () => {
          const el = document.querySelector('[data-testid="analytics"]') ?? document.body;
          const colors = readAnalyticsColors(el);
          const option = buildOverlayOption(shown, scale, colors, inView, timeText);
          return {
            option,
            title: {
              title: `Overlay — ${shown.length} series (${scale === 'normalised' ? 'normalised 0–1' : 'own axes per unit'})`,
              range: rangeLabel(inView.from, inView.to, zone),
              text: colors.text,
              muted: colors.muted,
              panel: colors.panel,
            },
          };
        },
      }
    : null;

  return (
    <div
      className="analytics-panel overlay-panel"
      data-testid="overlay-panel"
      data-state={history.error ? 'error' : history.loading ? 'loading' : 'ready'}
      data-series={shown.map((s) => s.info.series).join(',')}
      data-points={points}
      data-export-title={exported?.title}
      data-export-range={exported?.range}
    >
      <SeriesPicker devices={devices} selected={series} onChange={props.onSeries} />
      <div className="analytics-main">
        <div className="analytics-toolbar">
          <div className="analytics-segmented" role="radiogroup" aria-label="Scale">
            {(['normalised', 'axes'] as const).map((s) => (
              <label key={s}>
                <input type="radio" name="overlay-scale" checked={scale === s} onChange={() => props.onScale(s)} />
                {s === 'normalised' ? 'Normalised 0–1' : 'Own axis per unit'}
              </label>
            ))}
          </div>
          <button type="button" disabled={!zoom} onClick={() => zoom && props.onKeepWindow(zoom)}>
            Keep this zoom
          </button>
          <ExportBar request={request} onExported={setExported} />
        </div>
        {series.length > MAX_CHART_SERIES && (
          <p className="analytics-note" role="status">
            Showing the first {MAX_CHART_SERIES} of {series.length} series: more on one chart cannot be read.
          </p>
        )}
        {history.error && (
          <p className="analytics-error" role="alert">
            History unavailable: {history.error}
          </p>
        )}
        {drawn.length === 0 ? (
          <p className="view-empty">Choose series to overlay on one time axis.</p>
        ) : (
          <>
            <AnalyticsChart
              className="overlay-chart"
              label={`Overlay of ${shown.map((s) => s.info.label).join(', ')}`}
              build={build}
              onZoom={setZoom}
              zoomKey={rangeKey}
            />
            {!history.loading && points === 0 && <p className="analytics-note">No data in this range.</p>}
          </>
        )}
      </div>
    </div>
  );
}
