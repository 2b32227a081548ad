// Statistics of one signal over the window on screen (`history.stats`): extremes, mean,
// spread and how many readings; and where it is heading, fitted over the points the chart
// shows inside that same window (src/shared/trend-fit.ts, the analytics trend panel's too) and
// labelled with the span it covers — never over a different range than the one on screen.
import type { Signal } from '../../../../shared/domain';
import type { TimeWindow } from '../../charts/history-option';
import type { HistoryPoints } from '../../charts/history-points';
import { formatCount, formatValue, unitSuffix } from '../../components/format';
import { TrendFigure } from '../../components/TrendFigure';
import { tierLabel } from './history-format';
import { useHistoryStats } from './use-history';
import { useTrendFit } from './use-trend-fit';

interface StatsPanelProps {
  series: string;
  signal: Signal;
  window: TimeWindow | null;
  /** What the chart has for the range (zoomed detail spliced in): the trend's readings. */
  points: HistoryPoints;
}

export function StatsPanel({ series, signal, window, points }: StatsPanelProps) {
  const { stats, loading, error } = useHistoryStats(series, window);
  const unit = unitSuffix(signal.unit);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatValue(v)}${unit}`);
  const empty = stats !== undefined && stats.count === 0;
  const fit = useTrendFit(series, points, window);

  return (
    <section
      className="stats-panel"
      data-testid="stats-panel"
      data-series={series}
      data-state={error ? 'error' : loading ? 'loading' : empty ? 'empty' : 'ready'}
      aria-label={`${signal.key} statistics`}
      aria-busy={loading}
    >
      {error ? (
        <p className="stats-error" role="alert">
          Statistics unavailable: {error}
        </p>
      ) : (
        <dl className="stats-grid">
          <Stat id="stat-min" label="Min" value={num(stats?.min)} />
          <Stat id="stat-max" label="Max" value={num(stats?.max)} />
          <Stat id="stat-avg" label="Avg" value={num(stats?.avg)} />
          <Stat id="stat-stddev" label="Std dev" value={num(stats?.stddev)} />
          <Stat id="stat-count" label="Count" value={stats ? formatCount(stats.count) : '—'} />
          <div className="stat stat-trend-cell">
            <dt>Trend</dt>
            <dd data-testid="stat-trend" data-direction={fit?.state === 'ok' ? fit.direction : ''}>
              {fit ? <TrendFigure fit={fit} unit={signal.unit} /> : '—'}
            </dd>
          </div>
        </dl>
      )}
      {stats && stats.tier !== 'raw' && !error && <p className="stats-note">From the {tierLabel(stats.tier, 0)}.</p>}
    </section>
  );
}

function Stat({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={id}>{value}</dd>
    </div>
  );
}
