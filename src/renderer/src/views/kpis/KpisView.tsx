// The KPI screen (key 7, #kpis): EEMUA 191 figures for a period and an area — average and peak
// alarms per 10 minutes over the time actually observed (the period, or less since the engine
// started: kpi-window.ts) with their EEMUA 191 bands, alarm rate over time, share of time in flood, the ten most frequent
// alarms, chattering alarms and standing alarms (active for over 24 hours). Refreshed every
// minute while open and when the link to the engine is back; while it is lost they say they are
// not live.
import { useEffect, useMemo, useState } from 'react';
import type { AlarmKpis } from '../../../../shared/contract';
import { applyTheme } from '../../app/apply-theme';
import { useClient } from '../../app/engine-context';
import { Chart } from '../../charts/Chart';
import { readColors } from '../../charts/chart-colors';
import { formatLocalTime } from '../../components/format';
import { StaleNotice } from '../../components/StaleNotice';
import { useAppStore } from '../../store/app-store';
import { useDisplayPrefs, type ThemeName } from '../../store/display-prefs';
import { describeActionError } from '../alarms/action-error';
import { bandLabel, bandTone, describeWindow } from './kpi-window';
import { averageBand, observedSpan, peakBand, type RateBand } from '../../../../shared/alarm-rate-bands';
import { floodShareOption, rateByAreaOption, rateOverTimeOption, topAlarmsOption, type KpiColors } from './kpi-options';
import './kpis.css';

const PERIODS = [
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;

const REFRESH_MS = 60_000;

/** The theme's colours (app/theme.css) once `theme` is applied: read again for each theme. */
function themeColors(theme: ThemeName): KpiColors {
  applyTheme(theme);
  return readColors(document.body, (v) => ({
    ok: v('--ok'),
    caution: v('--caution'),
    alarm: v('--alarm'),
    axis: v('--muted'),
    text: v('--text'),
    panel: v('--panel-raised'),
    series: [v('--text'), v('--info'), v('--violet'), v('--muted'), v('--shelved')],
  }));
}

function AlarmList({
  testId,
  items,
  empty,
  extra,
}: {
  testId: string;
  items: AlarmKpis['top'];
  empty: string;
  extra?: (i: number) => string;
}) {
  if (items.length === 0) return <p className="view-empty">{empty}</p>;
  return (
    <ul className="kpi-list" data-testid={testId}>
      {items.map((t, i) => (
        <li key={t.key} data-key={t.key}>
          <span className="kpi-list-name">
            {t.deviceId} · {t.signal === '*' ? 'device' : t.signal} · {t.kind}
          </span>
          <span className="kpi-list-meta">
            {t.area} · {t.count}× {extra?.(i) ?? ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Rate({ value, band, testId }: { value: number; band: RateBand; testId: string }) {
  return (
    <td className="num" data-testid={testId} data-band={band}>
      <span className="kpi-rate">{value}</span>
      <span className={`kpi-band tone-${bandTone(band)}`} data-testid={`${testId}-band`}>
        {bandLabel(band)}
      </span>
    </td>
  );
}

export function KpisView() {
  const client = useClient();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]['id']>('24h');
  const [area, setArea] = useState('');
  const [kpis, setKpis] = useState<AlarmKpis | null>(null);
  const [areas, setAreas] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const linkUp = useAppStore((s) => s.connection === 'open');

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!linkUp) return; // the figures on screen stay, marked as not live, until the link is back
    let current = true;
    const ms = PERIODS.find((p) => p.id === period)!.ms;
    const to = Date.now();
    client.request('alarms.kpis', { from: to - ms, to, ...(area && { area }) }).then(
      (k) => {
        if (!current) return;
        setKpis(k);
        setError(null);
        if (!area) setAreas(k.areas.map((a) => a.area));
      },
      (err: unknown) => current && setError(describeActionError(err, 'load').message),
    );
    return () => {
      current = false;
    };
  }, [client, period, area, tick, linkUp]);

  const theme = useDisplayPrefs().theme;
  const colors = useMemo(() => themeColors(theme), [theme]);
  const options = useMemo(
    () =>
      kpis && {
        byArea: rateByAreaOption(kpis, colors),
        overTime: rateOverTimeOption(kpis, colors),
        flood: floodShareOption(kpis, colors),
        top: topAlarmsOption(kpis, colors),
      },
    [kpis, colors],
  );

  return (
    <section
      className="kpis"
      aria-labelledby="kpis-title"
      data-testid="kpis-view"
      data-state={kpis ? 'ready' : 'loading'}
    >
      <div className="kpis-head">
        <h1 id="kpis-title" className="view-title">
          Alarm KPIs
        </h1>
        <label className="filter">
          <span>Period</span>
          <select data-testid="kpi-period" value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Area</span>
          <select data-testid="kpi-area" value={area} onChange={(e) => setArea(e.target.value)}>
            <option value="">All areas</option>
            {areas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <StaleNotice what="these figures" />
      {error && (
        <p className="ack-error" role="alert">
          {error}
        </p>
      )}
      {kpis && options && (
        <>
          <p className="kpi-window" data-testid="kpi-window">
            Rates {describeWindow(kpis, PERIODS.find((p) => p.id === period)!.label)}. Bands per EEMUA 191: average ≤ 1
            per 10 min very likely acceptable, ≤ 2 manageable, ≤ 5 over-demanding; peak over 10 in 10 min is a flood.
          </p>
          <table className="alarm-table kpi-table" data-testid="kpi-areas">
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col" className="num">
                  Alarms
                </th>
                <th scope="col" className="num">
                  Average / 10 min
                </th>
                <th scope="col" className="num">
                  Peak in 10 min
                </th>
                <th scope="col" className="num">
                  Time in flood
                </th>
              </tr>
            </thead>
            <tbody>
              {kpis.areas.map((a) => (
                <tr key={a.area} data-testid="kpi-area-row" data-area={a.area}>
                  <td>{a.area}</td>
                  <td className="num">{a.alarms}</td>
                  <Rate
                    value={a.averagePer10Min}
                    band={averageBand(a.averagePer10Min, observedSpan(kpis).observedMs)}
                    testId="kpi-average"
                  />
                  <Rate
                    value={a.peakPer10Min}
                    band={peakBand(a.peakPer10Min, observedSpan(kpis).observedMs)}
                    testId="kpi-peak"
                  />
                  <td className="num" data-testid="kpi-flood">
                    {a.floodPercent} %
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="kpi-grid">
            <figure className="kpi-card">
              <figcaption>Alarms per 10 minutes, by area (EEMUA 191: ≤ 1 manageable, &gt; 10 flood)</figcaption>
              <Chart option={options.byArea} className="kpi-chart" label="Average and peak alarms per 10 minutes" />
            </figure>
            <figure className="kpi-card">
              <figcaption>Alarm rate over time</figcaption>
              <Chart option={options.overTime} className="kpi-chart" label="New alarms per 10 minutes over time" />
            </figure>
            <figure className="kpi-card">
              <figcaption>Time in flood</figcaption>
              <Chart option={options.flood} className="kpi-chart" label="Share of time in flood per area" />
            </figure>
            <figure className="kpi-card">
              <figcaption>Top 10 most frequent alarms</figcaption>
              <Chart option={options.top} className="kpi-chart" label="Most frequent alarms" />
            </figure>
            <section className="kpi-card">
              <h2>Chattering alarms</h2>
              <AlarmList testId="kpi-chattering" items={kpis.chattering} empty="None chattered in this period." />
            </section>
            <section className="kpi-card">
              <h2>Standing alarms (active over 24 h)</h2>
              <AlarmList
                testId="kpi-standing"
                items={kpis.standing}
                empty="No alarm has been active for more than 24 hours."
                extra={(i) => `since ${formatLocalTime(kpis.standing[i]!.activeSince)}`}
              />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
