// The Wall's choices of whoever sits at this screen, remembered by this browser profile
// (localStorage, like store/display-prefs.ts, but in the Wall's own chunk and key): the density
// level ('auto' lets the wall pick from the device count and the screen) and whether the worst
// devices come first. A wall display in kiosk mode keeps what was set on it.
import { useSyncExternalStore } from 'react';
import { DENSITIES, type Density } from './wall-fit';

export type DensityChoice = 'auto' | Density;

export interface WallPrefs {
  density: DensityChoice;
  worstFirst: boolean;
}

const KEY = 'watchfloor.wall';
const DEFAULTS: WallPrefs = { density: 'auto', worstFirst: false };

function read(): WallPrefs {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<keyof WallPrefs, unknown>>;
    return {
      density: DENSITIES.includes(parsed.density as Density) ? (parsed.density as Density) : 'auto',
      worstFirst: parsed.worstFirst === true,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

let current: WallPrefs | null = null;
const listeners = new Set<() => void>();

export function getWallPrefs(): WallPrefs {
  return (current ??= read());
}

export function setWallPrefs(patch: Partial<WallPrefs>): void {
  current = { ...getWallPrefs(), ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // A profile that cannot store still switches for this page.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useWallPrefs(): WallPrefs {
  return useSyncExternalStore(subscribe, getWallPrefs, getWallPrefs);
}
