// The short tour of the control room: what a new operator sees first, in four lines. Shown once
// per browser profile as a card on the Wall (FirstRun.tsx), and always at the top of the
// keyboard help (`?`), so the tour is never more than one key away.

export const TOUR_STEPS: readonly { title: string; text: string }[] = [
  { title: 'Wall', text: 'Every device as a tile: grey is normal, colour means an alarm. Open a tile for its trends.' },
  {
    title: 'Alarm queue',
    text: 'Alarms awaiting you, worst first. Select one with ↑/↓, press A to acknowledge, S to shelve.',
  },
  { title: 'Keys', text: '1–0 open the views in the header; ? shows every shortcut and this tour.' },
  {
    title: 'Your plant',
    text: 'Settings → Sources connects an MQTT broker or Kafka; the built-in simulator feeds the demo data until then.',
  },
];

/** localStorage keys: per browser profile, so each operator station decides for itself. */
export const TOUR_SEEN_KEY = 'watchfloor.tour.seen';
export const DEMO_BANNER_KEY = 'watchfloor.demo-banner.collapsed';

/** Whether a flag was stored; storage that cannot be read (a locked-down kiosk) counts as unset. */
export function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function writeFlag(key: string, on: boolean): void {
  try {
    if (on) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // Not stored: the card or banner comes back on the next load, which is the safe side.
  }
}
