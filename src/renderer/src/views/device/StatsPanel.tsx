// Statistics of one signal over the window on screen (`history.stats`): extremes, mean,
// spread, how many readings, and where it is heading (least-squares slope per hour).
import type { Signal } from '../../../../shared/domain';
import type { TimeWindow } from '../../charts/history-option';
import { formatCount, formatValue, unitSuffix } from '../../components/format';
import { TrendIcon } from '../../components/icons';
import { TREND, formatSlope, tierLabel } from './history-format';
import { useHistoryStats } from './use-history';

interface StatsPanelProps {
  series: string;
  signal: Signal;
  window: TimeWindow | null;
}

export function StatsPanel({ series, signal, window }: StatsPanelProps) {
  const { stats, loading, error } = useHistoryStats(series, window);
  const unit = unitSuffix(signal.unit);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatValue(v)}${unit}`);
  const empty = stats !== undefined && stats.count === 0;
  const trend = stats?.direction ? TREND[stats.direction] : null;

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
            <dd data-testid="stat-trend" data-direction={stats?.direction ?? ''}>
              {trend && stats?.slopePerHour !== null && stats?.slopePerHour !== undefined ? (
                <>
                  <TrendIcon className="trend-arrow" direction={stats.direction!} /> {trend.word}{' '}
                  <span className="trend-slope">{formatSlope(stats.slopePerHour, signal.unit)}</span>
                </>
              ) : (
                '—'
              )}
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
