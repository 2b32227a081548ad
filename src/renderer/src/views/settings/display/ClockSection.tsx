// Settings → Display: clock. How every time on this screen reads (components/format.ts): the
// locale's own hour cycle, 24 h or 12 h with AM/PM — each choice previewed with the time now —
// and the zone times are shown in (this computer's). Remembered by this browser profile
// (store/display-prefs.ts); every view redraws its times at once, charts' axes and tooltips
// included.
import { useEffect, useState } from 'react';
import { formatLocalTime } from '../../../components/format';
import { timeZoneLabel } from '../../../components/time-format';
import { getDisplayPrefs, setDisplayPrefs, useDisplayPrefs, type ClockFormat } from '../../../store/display-prefs';
import './clock-section.css';

const CHOICES: { value: ClockFormat; label: string }[] = [
  { value: 'locale', label: 'As the language settings say' },
  { value: 'h23', label: '24-hour' },
  { value: 'h12', label: '12-hour (AM/PM)' },
];

/** The time now in a clock format, read with that format set for the moment of the call. */
function preview(clock: ClockFormat, now: number): string {
  const current = getDisplayPrefs().clock;
  if (current === clock) return formatLocalTime(now, now);
  // format.ts reads the setting when called; a preview of another choice must not change it.
  const formatted = new Intl.DateTimeFormat(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(clock === 'locale' ? {} : { hourCycle: clock }),
  }).format(now);
  return `${formatted} ${timeZoneLabel(now)}`;
}

export function ClockSection() {
  const { clock } = useDisplayPrefs();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <fieldset className="clock-section" data-testid="clock-section">
      <legend>Clock</legend>
      <p className="view-note">
        Every time on this screen — tiles, alarms, details, charts, exports, KPIs, audit, review and settings — reads
        this way, with its zone. Remembered on this computer.
      </p>
      <div className="clock-choices" role="radiogroup" aria-label="Clock">
        {CHOICES.map((c) => (
          <label key={c.value} className="clock-choice">
            <input
              type="radio"
              name="clock"
              value={c.value}
              checked={clock === c.value}
              onChange={() => setDisplayPrefs({ clock: c.value })}
              data-testid={`clock-${c.value}`}
            />
            <span className="clock-label">{c.label}</span>
            <span className="clock-preview" data-testid={`clock-preview-${c.value}`}>
              {preview(c.value, now)}
            </span>
          </label>
        ))}
      </div>
      <p className="view-note" data-testid="clock-zone">
        Times are shown in this computer’s zone: {zone} ({timeZoneLabel(now)}).
      </p>
    </fieldset>
  );
}
