// Comparison of the devices of one kind (every temperature device, say) on one signal over the
// view's range: the distribution per device (box plot of the engine's bucket averages — the
// note under it says how wide those buckets are) and min/max/avg per hour, day or week from the
// engine's hourly or daily rollups (UTC periods, as the rollups are), as a chart and a table.
import { useCallback, useMemo, useState } from 'react';
import { TIER_WIDTH_MS } from '../../../../shared/contract/history';
import type { Device } from '../../../../shared/domain';
import { displayUnit, formatDuration, formatValue } from '../../components/format';
import { readAnalyticsColors, type AnalyticsColors } from './analytics-chart';
import { analyticsFileName, compareCsv, pointTime, rangeLabel, type ZoneOptions } from './analytics-export';
import { periodStats, quantiles } from './analytics-maths';
import { MAX_CHART_SERIES, PERIODS, type CompareParams } from './analytics-state';
import { AnalyticsChart } from './AnalyticsChart';
import { buildBoxOption, buildPeriodOption, stackOptions, type CompareDevice } from './compare-option';
import { ExportBar, type ExportedPng, type ExportRequest } from './ExportBar';
import { useAnalyticsHistory } from './use-analytics-history';

interface ComparePanelProps {
  devices: readonly Device[];
  params: CompareParams;
  window: { from: number; to: number };
  zone: ZoneOptions;
  onChange(params: CompareParams): void;
}

/** The kind and signal compared: the chosen ones, or the first kind (and its first signal). */
export function resolveCompare(devices: readonly Device[], p: CompareParams): { kind: string; signal: string } {
  const kinds = [...new Set(devices.map((d) => d.kind))].sort();
  const kind = kinds.includes(p.kind) ? p.kind : (kinds[0] ?? '');
  const signals = [...new Set(devices.filter((d) => d.kind === kind).flatMap((d) => d.signals.map((s) => s.key)))];
  const signal = signals.includes(p.signal) ? p.signal : (signals[0] ?? '');
  return { kind, signal };
}

export function ComparePanel({ devices, params, window, zone, onChange }: ComparePanelProps) {
  const { kind, signal } = resolveCompare(devices, params);
  const kinds = useMemo(() => [...new Set(devices.map((d) => d.kind))].sort(), [devices]);
  const ofKind = devices.filter((d) => d.kind === kind);
  const signals = [...new Set(ofKind.flatMap((d) => d.signals.map((s) => s.key)))];
  const members = ofKind.filter((d) => d.signals.some((s) => s.key === signal));
  // A new array each render: the history queries are keyed by the ids, not by its identity.
  const series = members.slice(0, MAX_CHART_SERIES).map((d) => `${d.id}/${signal}`);
  const unit = displayUnit(members[0]?.signals.find((s) => s.key === signal)?.unit ?? '');
  const tier = params.period === 'hour' ? '1h' : '1d';
  const periodPoints = Math.min(20_000, Math.max(2, Math.ceil((window.to - window.from) / TIER_WIDTH_MS[tier]) + 2));
  const spread = useAnalyticsHistory(series, window, 1000);
  const periods = useAnalyticsHistory(series, window, periodPoints, tier);
  const [exported, setExported] = useState<ExportedPng | null>(null);

  const rows = useMemo<CompareDevice[]>(
    () =>
      series.map((s, i) => ({
        device: s.slice(0, s.indexOf('/')),
        box: quantiles(spread.points?.[i]?.value ?? []),
        periods: periods.points?.[i] ? periodStats(periods.points[i], params.period) : [],
      })),
    [series, spread.points, periods.points, params.period],
  );
  const bucketMs = spread.points?.find((p) => p.ts.length)?.bucketMs ?? 0;
  const timeText = useCallback((ts: number) => pointTime(ts, zone), [zone]);
  const buildBox = useCallback((c: AnalyticsColors) => buildBoxOption(rows, unit, c), [rows, unit]);
  const buildPeriods = useCallback(
    (c: AnalyticsColors) => buildPeriodOption(rows, unit, c, timeText),
    [rows, unit, timeText],
  );
  const set = (patch: Partial<CompareParams>) => onChange({ ...params, kind, signal, ...patch });
  const hasData = rows.some((r) => r.box);

  const request: ExportRequest | null = hasData
    ? {
        name: analyticsFileName(`compare-${kind}-${signal}-${params.period}`, window.from, window.to, 'x').slice(0, -2),
        csv: () => compareCsv({ signal, unit, from: window.from, to: window.to, devices: rows }),
        png: () => {
          const c = readAnalyticsColors(document.querySelector('[data-testid="analytics"]') ?? document.body);
          return {
            option: stackOptions(buildBoxOption(rows, unit, c), buildPeriodOption(rows, unit, c, timeText)),
            title: {
              title: `Comparison — ${signal}${unit ? ` (${unit})` : ''} of ${rows.length} ${kind} devices, per ${params.period}`,
              range: rangeLabel(window.from, window.to, zone),
              text: c.text,
              muted: c.muted,
              panel: c.panel,
            },
          };
        },
      }
    : null;

  return (
    <div
      className="analytics-panel compare-panel"
      data-testid="compare-panel"
      data-state={spread.error || periods.error ? 'error' : spread.loading || periods.loading ? 'loading' : 'ready'}
      data-export-title={exported?.title}
      data-export-range={exported?.range}
    >
      <div className="analytics-toolbar">
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => set({ kind: e.target.value, signal: '' })} aria-label="Device kind">
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Signal{' '}
          <select value={signal} onChange={(e) => set({ signal: e.target.value })} aria-label="Signal">
            {signals.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Per{' '}
          <select
            value={params.period}
            onChange={(e) => set({ period: e.target.value as CompareParams['period'] })}
            aria-label="Period"
          >
            {PERIODS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <ExportBar request={request} onExported={setExported} />
      </div>
      {members.length > MAX_CHART_SERIES && (
        <p className="analytics-note" role="status">
          Comparing the first {MAX_CHART_SERIES} of {members.length} {kind} devices: more cannot be read on one chart.
        </p>
      )}
      {(spread.error || periods.error) && (
        <p className="analytics-error" role="alert">
          History unavailable: {spread.error ?? periods.error}
        </p>
      )}
      {!kind ? (
        <p className="view-empty">No devices to compare.</p>
      ) : (
        <div className="compare-grid">
          <figure className="analytics-card">
            <figcaption>
              Distribution of {signal} per device
              {bucketMs > 0 ? ` (${formatDuration(bucketMs)} averages)` : ' (readings)'}
            </figcaption>
            <AnalyticsChart className="compare-chart" label={`Distribution of ${signal} per device`} build={buildBox} />
          </figure>
          <figure className="analytics-card">
            <figcaption>
              Average per {params.period} (UTC{' '}
              {params.period === 'hour' ? 'hours' : params.period === 'day' ? 'days' : 'weeks from Monday'})
            </figcaption>
            <AnalyticsChart
              className="compare-chart"
              label={`Average ${signal} per ${params.period}`}
              build={buildPeriods}
            />
          </figure>
          <PeriodTable rows={rows} unit={unit} timeText={timeText} />
        </div>
      )}
    </div>
  );
}

function PeriodTable({ rows, unit, timeText }: { rows: CompareDevice[]; unit: string; timeText(ts: number): string }) {
  const u = unit ? ` ${unit}` : '';
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th>Period from</th>
            <th>Device</th>
            <th>Min</th>
            <th>Max</th>
            <th>Avg</th>
            <th>Readings</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((r) =>
            r.periods.map((p) => (
              <tr key={`${r.device}-${p.start}`}>
                <td>{timeText(p.start)}</td>
                <td>{r.device}</td>
                <td>{formatValue(p.min) + u}</td>
                <td>{formatValue(p.max) + u}</td>
                <td>{formatValue(p.avg) + u}</td>
                <td>{p.count}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
