// The newest value of one series, written straight into the DOM on the animation frame
// after it changes. React renders the element once; readings never cause a re-render. The
// unit is static, so React renders it, smaller, beside the number.
import { useLayoutEffect, useRef } from 'react';
import { useTelemetry } from '../app/engine-context';
import { formatLocalTime, formatValue, unitSuffix } from './format';

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
    >
      <span ref={numberRef} className="live-number" />
      {suffix && <span className="live-unit">{suffix}</span>}
    </span>
  );
}
