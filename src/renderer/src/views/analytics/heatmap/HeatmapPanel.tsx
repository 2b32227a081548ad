// The analytics heatmap (issue 16, point 5): a signal's average or the alarm counts by device ×
// hour or day, for every device, one area, one kind or a list. Its state is the Analytics view's
// (params in, onChange out: the view keeps it in the URL, heatmap-params.ts). The matrix comes
// from analytics.heatmap in one request and is painted on one canvas (HeatmapChart.tsx).
// Rows sort by total (the worst first) or by name; a click on a cell opens the device at that
// time; CSV and PNG exports carry the title and the range.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Heatmap } from '../../../../../shared/contract/analytics';
import { areaName } from '../../../../../shared/domain';
import { useClient } from '../../../app/engine-context';
import { useLatestQuery } from '../../../api/use-latest-query';
import { useAppStore } from '../../../store/app-store';
import { saveBlob, saveUrl } from '../../device/download';
import { HeatmapChart, type HeatmapChartHandle } from './HeatmapChart';
import { HEATMAP_DAYS, heatmapRange, usableBucket, type HeatmapParams, type HeatmapScope } from './heatmap-params';
import { buildHeatmapCsv, heatmapFileName, rowOrder } from './heatmap-rows';
import './heatmap.css';
import { queryErrorText } from '../../../api/query-error-text';

export interface HeatmapPanelProps {
  params: HeatmapParams;
  onChange(params: HeatmapParams): void;
}

const MINUTE = 60_000;

function scopeValue(s: HeatmapScope): string {
  if (s.by === 'area') return `area:${s.area}`;
  if (s.by === 'kind') return `kind:${s.kind}`;
  if (s.by === 'devices') return 'devices';
  return 'all';
}

function scopeFrom(value: string, current: HeatmapScope): HeatmapScope {
  if (value.startsWith('area:')) return { by: 'area', area: value.slice(5) };
  if (value.startsWith('kind:')) return { by: 'kind', kind: value.slice(5) };
  if (value === 'devices' && current.by === 'devices') return current;
  return { by: 'all' };
}

/** The end of the current minute: what happened this minute is in the range. */
const minute = () => Math.ceil((Date.now() + 1) / MINUTE) * MINUTE;

/** Now, by the minute: a range that follows now moves (and is asked again) no faster. */
function useMinute(): number {
  const [now, setNow] = useState(minute);
  useEffect(() => {
    const timer = setInterval(() => setNow(minute()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const uniq = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

export function HeatmapPanel({ params, onChange }: HeatmapPanelProps) {
  const client = useClient();
  const devices = useAppStore((s) => s.devices);
  const openDevice = useAppStore((s) => s.openDevice);
  const chartRef = useRef<HeatmapChartHandle>(null);

  const signals = useMemo(() => uniq(devices.flatMap((d) => d.signals.map((s) => s.key))), [devices]);
  const areas = useMemo(() => uniq(devices.map((d) => areaName(d.area))), [devices]);
  const kinds = useMemo(() => uniq(devices.map((d) => d.kind)), [devices]);
  const signal = params.measure === 'signal' ? (params.signal ?? signals[0] ?? null) : null;
  const bucket = usableBucket(params);

  const now = useMinute();
  const { from, to } = heatmapRange(params, now);
  const request =
    params.measure === 'signal' && !signal
      ? null
      : {
          measure: params.measure,
          ...(signal && { signal }),
          ...(params.scope.by === 'area' && { area: params.scope.area }),
          ...(params.scope.by === 'kind' && { kind: params.scope.kind }),
          ...(params.scope.by === 'devices' && { devices: params.scope.devices }),
          from,
          to,
          bucket,
        };
  const key = request && JSON.stringify(request);
  const q = useLatestQuery<Heatmap>(key, () => client.request('analytics.heatmap', request!));
  const heatmap = q.data;
  const order = useMemo(() => (heatmap ? rowOrder(heatmap, params.sort) : []), [heatmap, params.sort]);
  const error = queryErrorText(q.error);

  const set = (patch: Partial<HeatmapParams>) => onChange({ ...params, ...patch });
  const onCell = useCallback((id: string, at: number) => openDevice(id, Math.round(at)), [openDevice]);

  const exportCsv = () => {
    if (!heatmap) return;
    const csv = buildHeatmapCsv(heatmap, order);
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), heatmapFileName(heatmap, 'csv'));
  };
  const exportPng = () => {
    const url = chartRef.current?.toPng();
    if (heatmap && url) saveUrl(url, heatmapFileName(heatmap, 'png'));
  };

  const state = error ? 'error' : !heatmap ? 'loading' : q.loading ? 'updating' : 'ready';
  return (
    <section className="heatmap" aria-label="Heatmap" data-testid="heatmap" data-state={state}>
      <div className="heatmap-controls">
        <label className="filter">
          <span>Show</span>
          <select
            data-testid="heatmap-measure"
            value={params.measure}
            onChange={(e) => set({ measure: e.target.value as HeatmapParams['measure'] })}
          >
            <option value="alarms">Alarm counts</option>
            <option value="signal">A signal’s average</option>
          </select>
        </label>
        {params.measure === 'signal' && (
          <label className="filter">
            <span>Signal</span>
            <select data-testid="heatmap-signal" value={signal ?? ''} onChange={(e) => set({ signal: e.target.value })}>
              {signals.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="filter">
          <span>Devices</span>
          <select
            data-testid="heatmap-scope"
            value={scopeValue(params.scope)}
            onChange={(e) => set({ scope: scopeFrom(e.target.value, params.scope) })}
          >
            <option value="all">All devices</option>
            {params.scope.by === 'devices' && (
              <option value="devices">{params.scope.devices.length} chosen devices</option>
            )}
            {areas.map((a) => (
              <option key={`area:${a}`} value={`area:${a}`}>
                Area {a}
              </option>
            ))}
            {kinds.map((k) => (
              <option key={`kind:${k}`} value={`kind:${k}`}>
                Kind {k}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Range</span>
          <select
            data-testid="heatmap-range"
            value={params.fixed ? 'fixed' : String(params.days)}
            onChange={(e) =>
              e.target.value !== 'fixed' && set({ days: Number(e.target.value) as HeatmapParams['days'], fixed: null })
            }
          >
            {params.fixed && <option value="fixed">Fixed range</option>}
            {HEATMAP_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? 'Last 24 hours' : `Last ${d} days`}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>By</span>
          <select
            data-testid="heatmap-bucket"
            value={bucket}
            onChange={(e) => set({ bucket: e.target.value as HeatmapParams['bucket'] })}
          >
            <option value="hour">Hour</option>
            <option value="day">Day</option>
          </select>
        </label>
        <label className="filter">
          <span>Sort</span>
          <select
            data-testid="heatmap-sort"
            value={params.sort}
            onChange={(e) => set({ sort: e.target.value as HeatmapParams['sort'] })}
          >
            <option value="total">{params.measure === 'alarms' ? 'Most alarms first' : 'Highest average first'}</option>
            <option value="name">By name</option>
          </select>
        </label>
        <div className="export-buttons" role="group" aria-label="Export the heatmap">
          <button
            type="button"
            className="button small"
            data-testid="heatmap-csv"
            onClick={exportCsv}
            disabled={!heatmap}
          >
            CSV
          </button>
          <button
            type="button"
            className="button small"
            data-testid="heatmap-png"
            onClick={exportPng}
            disabled={!heatmap}
          >
            PNG
          </button>
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {params.measure === 'signal' && signals.length === 0 && <p className="view-empty">No device has a signal yet.</p>}
      {heatmap && heatmap.devices.length === 0 && <p className="view-empty">No device matches.</p>}
      {heatmap && heatmap.devices.length > 0 && (
        <HeatmapChart ref={chartRef} heatmap={heatmap} order={order} onCell={onCell} />
      )}
      {!heatmap && !error && request && <p className="view-empty">Loading…</p>}
    </section>
  );
}
