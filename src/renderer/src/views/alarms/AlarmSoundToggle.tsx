// The header's speaker button: beeps on new critical alarms from any view, and mutes them.
// `data-beeps` counts the beeps sounded, for people and tests checking it works.
import { useEffect, useRef, useState } from 'react';
import { SpeakerIcon, SpeakerMutedIcon } from '../../components/icons';
import { useAppStore } from '../../store/app-store';
import { beep, CriticalWatch, readMuted, writeMuted } from './alarm-sound';

export function AlarmSoundToggle() {
  const alarms = useAppStore((s) => s.alarms);
  const [muted, setMuted] = useState(() => readMuted());
  const [beeps, setBeeps] = useState(0);
  const watch = useRef(new CriticalWatch());
  const loaded = useAppStore((s) => s.devicesLoaded);

  useEffect(() => {
    if (!loaded) return;
    if (!watch.current.next(Object.values(alarms)) || muted) return;
    beep();
    setBeeps((n) => n + 1);
  }, [alarms, muted, loaded]);

  const toggle = () => {
    writeMuted(!muted);
    setMuted(!muted);
  };

  return (
    <button
      type="button"
      className="sound-toggle"
      data-testid="alarm-sound"
      data-muted={muted}
      data-beeps={beeps}
      aria-pressed={muted}
      title={muted ? 'Critical alarm sound is muted' : 'A sound plays on new critical alarms'}
      onClick={toggle}
    >
      {muted ? <SpeakerMutedIcon /> : <SpeakerIcon />}
      <span className="sr-only">{muted ? 'Unmute critical alarm sound' : 'Mute critical alarm sound'}</span>
    </button>
  );
}
