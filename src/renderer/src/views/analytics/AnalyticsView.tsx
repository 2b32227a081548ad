// Analytics (#analytics/<state>): trend groups across devices (overlay), the heatmap, comparisons
// of devices of one kind, the trend per device and correlations. Everything it shows is in its
// URL state (analytics-state.ts) — panel, series, range, scale, each panel's own part — so a
// reload, a shared link and a saved view (engine-wide: SavedViews.tsx) all come back to the same
// picture. A range preset follows now and refreshes on a tick that suits its length; a fixed
// range (from "Keep this zoom", or a link) is historic and does not move.
import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { useDisplayPrefs } from '../../store/display-prefs';
import './analytics.css';
import { rangeLabel, type ZoneOptions } from './analytics-export';
import {
  PANELS,
  RANGE_PRESETS,
  decodeAnalyticsState,
  encodeAnalyticsState,
  isLive,
  rangeWindow,
  type AnalyticsPanel,
  type AnalyticsState,
  type RangePreset,
} from './analytics-state';
import { ComparePanel } from './ComparePanel';
import { CorrelationPanel } from './CorrelationPanel';
import { HeatmapPanel } from './heatmap/HeatmapPanel';
import { OverlayPanel } from './OverlayPanel';
import { SavedViews } from './SavedViews';
import { TrendPanel } from './trend/TrendPanel';

const PANEL_TITLES: Record<AnalyticsPanel, string> = {
  overlay: 'Overlay',
  heatmap: 'Heatmap',
  compare: 'Compare',
  trend: 'Trend',
  correlation: 'Correlation',
};

/** The panels that show the view's range (the others carry their own). */
const SHARED_RANGE: readonly AnalyticsPanel[] = ['overlay', 'compare', 'correlation'];

/** How often a live range moves: often enough for its length, never more than every 10 s. */
export function refreshMs(spanMs: number): number {
  return Math.min(60_000, Math.max(10_000, Math.round(spanMs / 200)));
}

/** Now, rounded to the refresh step: moves every `every` ms while live, and again when the range changes. */
function useNow(live: boolean, every: number, range: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const again = setTimeout(() => setNow(Date.now()), 0);
    const id = live ? setInterval(() => setNow(Date.now()), every) : undefined;
    return () => {
      clearTimeout(again);
      clearInterval(id);
    };
  }, [live, every, range]);
  return Math.floor(now / every) * every;
}

export function AnalyticsView() {
  const query = useAppStore((s) => s.analyticsQuery);
  const showAnalytics = useAppStore((s) => s.showAnalytics);
  const devices = useAppStore((s) => s.devices);
  const { clock } = useDisplayPrefs();
  const state = useMemo(() => decodeAnalyticsState(query), [query]);
  const live = isLive(state.range);
  const span = 'preset' in state.range ? RANGE_PRESETS[state.range.preset] : state.range.to - state.range.from;
  const now = useNow(live, refreshMs(span), JSON.stringify(state.range));
  const { from, to } = rangeWindow(state.range, now);
  const window = useMemo(() => ({ from, to }), [from, to]);
  const zone = useMemo<ZoneOptions>(() => (clock === 'locale' ? {} : { hourCycle: clock }), [clock]);
  const update = (patch: Partial<AnalyticsState>) =>
    showAnalytics(encodeAnalyticsState({ ...state, ...patch }) || null);
  const encoded = encodeAnalyticsState(state);

  return (
    <section className="analytics" aria-labelledby="analytics-title" data-testid="analytics" data-panel={state.panel}>
      <div className="analytics-head">
        <h1 id="analytics-title" className="view-title">
          Analytics
        </h1>
        <div
          className="analytics-tabs"
          role="tablist"
          aria-label="Analytics panels"
          onKeyDown={(e) => {
            // ←/→ move between panels, as between Settings tabs.
            const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            e.preventDefault();
            const next = PANELS[(PANELS.indexOf(state.panel) + step + PANELS.length) % PANELS.length]!;
            update({ panel: next });
            e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="analytics-tab-${next}"]`)?.focus();
          }}
        >
          {PANELS.map((p) => (
            <button
              key={p}
              type="button"
              role="tab"
              aria-selected={state.panel === p}
              tabIndex={state.panel === p ? 0 : -1}
              className="analytics-tab"
              data-testid={`analytics-tab-${p}`}
              onClick={() => update({ panel: p })}
            >
              {PANEL_TITLES[p]}
            </button>
          ))}
        </div>
        <SavedViews query={encoded} onOpen={(q) => showAnalytics(q || null)} />
      </div>
      {/* The heatmap and the trend panel choose their own range (their parts of the state). */}
      <div className="analytics-range" role="group" aria-label="Range" hidden={!SHARED_RANGE.includes(state.panel)}>
        {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={'preset' in state.range && state.range.preset === p}
            onClick={() => update({ range: { preset: p } })}
          >
            {p}
          </button>
        ))}
        <span className="analytics-range-text" data-testid="analytics-range">
          {live ? 'Live: ' : 'Historic: '}
          {rangeLabel(from, to, zone)}
        </span>
      </div>
      <div role="tabpanel" aria-label={PANEL_TITLES[state.panel]}>
        {state.panel === 'overlay' && (
          <OverlayPanel
            devices={devices}
            series={state.series}
            scale={state.scale}
            window={window}
            zone={zone}
            onSeries={(series) => update({ series })}
            onScale={(scale) => update({ scale })}
            onKeepWindow={(w) => update({ range: { from: Math.round(w.from), to: Math.round(w.to) } })}
            rangeKey={JSON.stringify(state.range)}
          />
        )}
        {state.panel === 'heatmap' && (
          <HeatmapPanel params={state.heatmap} onChange={(heatmap) => update({ heatmap })} />
        )}
        {state.panel === 'compare' && (
          <ComparePanel
            devices={devices}
            params={state.compare}
            window={window}
            zone={zone}
            onChange={(compare) => update({ compare })}
          />
        )}
        {state.panel === 'trend' && <TrendPanel params={state.trend} onChange={(trend) => update({ trend })} />}
        {state.panel === 'correlation' && (
          <CorrelationPanel
            devices={devices}
            series={state.series}
            window={window}
            zone={zone}
            onSeries={(series) => update({ series })}
          />
        )}
      </div>
    </section>
  );
}
