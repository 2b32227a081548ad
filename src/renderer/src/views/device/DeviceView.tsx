// The Device view (#device/<id>): one device's identity, live values and, per signal, a
// zoomable history chart with statistics and exports, over one shared time range. Presets
// end now and are re-resolved periodically so charts and stats keep up with time. Opened from
// an alarm (#device/<id>@<time>), the range is the hour around the alarm; from the analytics
// trend panel (#device/<id>@<preset>), that preset. A collapsible side
// panel holds the assistant, with this device as the questions' context (loaded when opened).
import { useEffect, useMemo, useState } from 'react';
import { seriesKey } from '../../../../shared/domain';
import { useAppStore } from '../../store/app-store';
import { LabelHint } from '../../labels/use-chart-labelling';
import { LazyAssistantPanel } from '../assistant/LazyAssistantPanel';
import { Breadcrumb, DeviceHeader } from './DeviceHeader';
import { DEFAULT_PRESET, isPresetId, liveRefreshMs, resolveRange, type RangeSelection } from './history-range';
import { RangePicker } from './RangePicker';
import { SignalHistory } from './SignalHistory';
import './device.css';

/** Opened at an alarm's time: this much either side of it. */
const AROUND_ALARM_MS = 30 * 60_000;

interface DeviceViewProps {
  deviceId: string;
  at?: number | null;
  /** Level 4 (`#device/<id>/<signal>`): this signal's trend is brought into view and focused. */
  signal?: string | null;
  /** A range preset to open at (from the analytics trend panel), when valid. */
  preset?: string | null;
}

export function DeviceView({ deviceId, at = null, signal = null, preset = null }: DeviceViewProps) {
  const device = useAppStore((s) => s.devices.find((d) => d.id === deviceId));
  const loaded = useAppStore((s) => s.devicesLoaded);
  const [assistantOpen, setAssistantOpen] = useState(false);

  const [selection, setSelection] = useState<RangeSelection>(() =>
    at !== null
      ? { kind: 'custom', from: at - AROUND_ALARM_MS, to: at + AROUND_ALARM_MS }
      : { kind: 'preset', preset: preset !== null && isPresetId(preset) ? preset : DEFAULT_PRESET },
  );
  const [resolvedAt, setResolvedAt] = useState(() => Date.now());
  const range = useMemo(() => resolveRange(selection, resolvedAt), [selection, resolvedAt]);
  const durationMs = range.to - range.from;
  useEffect(() => {
    if (!range.live) return;
    const timer = setInterval(() => setResolvedAt(Date.now()), liveRefreshMs(durationMs));
    return () => clearInterval(timer);
  }, [range.live, durationMs]);

  const select = (next: RangeSelection) => {
    setSelection(next);
    setResolvedAt(Date.now());
  };

  const deviceSeries = useMemo(() => (device ? device.signals.map((s) => seriesKey(device.id, s.key)) : []), [device]);
  const name = device ? device.name || device.id : deviceId;
  const found = device !== undefined;

  useEffect(() => {
    if (!found) return;
    const previous = document.title;
    document.title = `${name} · Watchfloor`;
    // Keyboard and screen-reader users land on the device (or the signal asked for), not on
    // whatever they left behind.
    const target = signal && document.querySelector<HTMLElement>(`[data-signal="${CSS.escape(signal)}"]`);
    if (target) {
      target.setAttribute('data-focused', 'true');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    } else document.getElementById('device-title')?.focus({ preventScroll: true });
    return () => {
      document.title = previous;
    };
  }, [found, name, signal]);

  return (
    <section
      className="device-view"
      data-testid="device-view"
      data-device-id={deviceId}
      data-at={at ?? undefined}
      aria-label={name}
    >
      <div className="device-topline">
        <Breadcrumb current={name} />
        {device && (
          <button
            type="button"
            className="button small"
            aria-expanded={assistantOpen}
            aria-controls="device-assistant"
            onClick={() => setAssistantOpen((o) => !o)}
            data-testid="device-assistant-toggle"
          >
            {assistantOpen ? 'Hide the assistant' : 'Assistant'}
          </button>
        )}
      </div>
      {!device ? (
        <p className="view-empty" data-testid="device-missing">
          {loaded ? `No device “${deviceId}” is known to the engine.` : 'Waiting for the engine…'}
        </p>
      ) : (
        <div className={assistantOpen ? 'device-layout with-assistant' : 'device-layout'}>
          <div className="device-main">
            <DeviceHeader device={device} />
            <RangePicker selection={selection} range={range} onSelect={select} />
            {device.signals.length > 0 && <LabelHint />}
            {device.signals.length === 0 ? (
              <p className="view-empty">This device has not reported any signals yet.</p>
            ) : (
              <div className="signal-list">
                {device.signals.map((s) => (
                  <SignalHistory key={s.key} device={device} signal={s} range={range} deviceSeries={deviceSeries} />
                ))}
              </div>
            )}
          </div>
          {assistantOpen && (
            <aside id="device-assistant" className="device-assistant" aria-labelledby="device-assistant-title">
              <h2 id="device-assistant-title" className="device-assistant-title">
                Assistant
              </h2>
              <p className="view-note">Questions about {name}, answered from the runbooks with their sources.</p>
              <LazyAssistantPanel key={device.id} deviceId={device.id} focusRequest={1} />
            </aside>
          )}
        </div>
      )}
    </section>
  );
}
