// The newest value of one series, written straight into the DOM on the animation frame
// after it changes. React renders the element once; readings never cause a re-render. The
// unit is static, so React renders it, smaller, beside the number. While the link to the engine
// is lost the value is stale: greyed, with a "stale since HH:MM:SS (12 s)" mark (the store's
// `staleSince`, the same time the header names), so a frozen number never passes for a live one.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTelemetry } from '../app/engine-context';
import { useAppStore } from '../store/app-store';
import { formatDuration, formatLocalTime, formatValue, unitSuffix } from './format';

interface LiveValueProps {
  series: string;
  unit: string;
  className?: string;
  testId?: string;
}

export function LiveValue({ series, unit, className, testId }: LiveValueProps) {
  const telemetry = useTelemetry();
  const ref = useRef<HTMLSpanElement>(null);
  const numberRef = useRef<HTMLSpanElement>(null);
  const suffix = unitSuffix(unit);
  const staleSince = useAppStore((s) => s.staleSince);

  // Layout effect: the first value is in place before the browser paints a placeholder.
  useLayoutEffect(() => {
    const el = ref.current;
    const number = numberRef.current;
    if (!el || !number) return;
    let shown = -1;
    const render = () => {
      const version = telemetry.version(series);
      if (version === shown) return;
      shown = version;
      const latest = telemetry.latest(series);
      number.textContent = latest ? formatValue(latest.value) : '—';
      el.dataset.quality = latest?.quality ?? 'none';
      el.title = latest ? `${series} at ${formatLocalTime(latest.ts)}` : `${series}: no reading yet`;
    };
    render();
    return telemetry.subscribe(series, render);
  }, [telemetry, series]);

  return (
    <span
      ref={ref}
      className={className ? `live-value ${className}` : 'live-value'}
      data-testid={testId}
      data-series={series}
      data-stale={staleSince !== null ? 'true' : undefined}
    >
      <span ref={numberRef} className="live-number" />
      {suffix && <span className="live-unit">{suffix}</span>}
      {staleSince !== null && <StaleMark since={staleSince} />}
    </span>
  );
}

/** "stale since 19:01:32 (12 s)", counting while the link stays down. */
function StaleMark({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <span
      className="live-stale"
      data-testid="stale-mark"
      title={`No data from the engine since ${formatLocalTime(since)}`}
    >
      stale since {formatLocalTime(since)} ({seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000)})
    </span>
  );
}
