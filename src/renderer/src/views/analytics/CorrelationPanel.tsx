// The correlation matrix of the chosen series over the view's range: Pearson's r on the engine's
// rollup buckets that both series of a pair have (analytics-maths.ts), shown as a table whose
// cells carry the number and a colour (hue: sign, strength: |r|). Clicking a cell overlays the
// two series, normalised, under the matrix, so a strong r can be checked by eye.
import { useCallback, useMemo, useState } from 'react';
import type { Device } from '../../../../shared/domain';
import { displayUnit } from '../../components/format';
import { readAnalyticsColors, type AnalyticsColors } from './analytics-chart';
import { analyticsFileName, correlationCsv, pointTime, rangeLabel, type ZoneOptions } from './analytics-export';
import { correlationMatrix, normalise } from './analytics-maths';
import { MAX_CHART_SERIES } from './analytics-state';
import { AnalyticsChart } from './AnalyticsChart';
import { buildCorrelationOption, correlationTier, formatR } from './correlation-option';
import { ExportBar, type ExportedPng, type ExportRequest } from './ExportBar';
import { buildOverlayOption } from './overlay-option';
import { SeriesPicker } from './SeriesPicker';
import { seriesInfo, useAnalyticsHistory } from './use-analytics-history';

interface CorrelationPanelProps {
  devices: readonly Device[];
  series: readonly string[];
  window: { from: number; to: number };
  zone: ZoneOptions;
  onSeries(series: string[]): void;
}

const TIER_WORDS = { '1m': '1-minute', '1h': 'hourly', '1d': 'daily' } as const;

export function CorrelationPanel({ devices, series, window, zone, onSeries }: CorrelationPanelProps) {
  const used = useMemo(() => series.slice(0, MAX_CHART_SERIES), [series]);
  const { tier, maxPoints } = correlationTier(window.from, window.to);
  const history = useAnalyticsHistory(used, window, maxPoints, tier);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const [exported, setExported] = useState<ExportedPng | null>(null);
  const matrix = useMemo(() => (history.points ? correlationMatrix(history.points) : null), [history.points]);
  const infos = useMemo(() => used.map((s) => seriesInfo(s, devices, displayUnit)), [used, devices]);
  const timeText = useCallback((ts: number) => pointTime(ts, zone), [zone]);

  const chosen = pair && history.points?.[pair[0]] && history.points[pair[1]] ? pair : null;
  const buildPair = useCallback(
    (c: AnalyticsColors) => {
      const idx = chosen ?? [0, 0];
      const shown = [...new Set(idx)].map((i) => {
        const p = history.points![i]!;
        return { info: infos[i]!, ts: p.ts, value: p.value, normalised: normalise(p.value) };
      });
      return buildOverlayOption(shown, 'normalised', c, window, timeText);
    },
    [chosen, history.points, infos, window, timeText],
  );

  const request: ExportRequest | null =
    matrix && used.length >= 2
      ? {
          name: analyticsFileName(`correlation-${used.length}-series`, window.from, window.to, 'x').slice(0, -2),
          csv: () =>
            correlationCsv(
              matrix,
              infos.map((i) => i.unit),
            ),
          png: () => {
            const c = readAnalyticsColors(document.querySelector('[data-testid="analytics"]') ?? document.body);
            return {
              option: buildCorrelationOption(
                matrix,
                infos.map((i) => i.label),
                c,
              ),
              title: {
                title: `Correlation (Pearson r on ${TIER_WORDS[tier]} averages; hue: sign, shade: strength) — ${used.length} series`,
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
      className="analytics-panel correlation-panel"
      data-testid="correlation-panel"
      data-state={history.error ? 'error' : history.loading ? 'loading' : 'ready'}
      data-export-title={exported?.title}
      data-export-range={exported?.range}
    >
      <SeriesPicker devices={devices} selected={series} onChange={onSeries} />
      <div className="analytics-main">
        <div className="analytics-toolbar">
          <span className="analytics-note">Pearson r on {TIER_WORDS[tier]} averages both series have.</span>
          <ExportBar request={request} onExported={setExported} />
        </div>
        {history.error && (
          <p className="analytics-error" role="alert">
            History unavailable: {history.error}
          </p>
        )}
        {used.length < 2 ? (
          <p className="view-empty">Choose at least two series to correlate.</p>
        ) : (
          matrix && (
            <div className="correlation-wrap">
              <table className="correlation-matrix" data-testid="correlation-matrix">
                <thead>
                  <tr>
                    <th aria-label="series" />
                    {infos.map((s, j) => (
                      <th key={s.series} scope="col" title={s.label}>
                        {j + 1}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {matrix.r.map((row, i) => (
                    <tr key={infos[i]!.series}>
                      <th scope="row">
                        {i + 1}. {infos[i]!.label}
                      </th>
                      {row.map((r, j) => (
                        <td key={j} className={r === null ? 'corr-none' : r >= 0 ? 'corr-pos' : 'corr-neg'}>
                          <button
                            type="button"
                            style={{ ['--r' as string]: r === null ? 0 : Math.abs(r) }}
                            aria-pressed={chosen?.[0] === i && chosen[1] === j}
                            aria-label={`${infos[i]!.label} and ${infos[j]!.label}: r ${formatR(r)} on ${matrix.n[i]![j]} buckets`}
                            data-testid={`corr-${i}-${j}`}
                            onClick={() => setPair([i, j])}
                          >
                            {formatR(r)}
                          </button>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        )}
        {chosen && (
          <figure className="analytics-card" data-testid="correlation-pair">
            <figcaption>
              {infos[chosen[0]]!.label} and {infos[chosen[1]]!.label}, normalised: r{' '}
              {formatR(matrix?.r[chosen[0]]![chosen[1]] ?? null)}
            </figcaption>
            <AnalyticsChart className="pair-chart" label="The two series of the chosen cell" build={buildPair} />
          </figure>
        )}
      </div>
    </div>
  );
}
