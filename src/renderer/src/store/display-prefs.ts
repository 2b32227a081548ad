// How this screen shows things, chosen by whoever sits at it and remembered by this browser
// profile (localStorage), not by the engine: the theme (ISA-101 grey, light or dark) and the
// clock (the locale's own, or 24 h / 12 h). Readable outside React (the time formatter runs
// in chart tooltips), and a hook for components that must redraw when it changes.
// Plant-wide choices (layouts per workstation) live in the engine instead.
import { useSyncExternalStore } from 'react';

export type ThemeName = 'dark' | 'light';
/** 'locale': the locale's own hour cycle; 'h23' 24 h; 'h12' 12 h with AM/PM. */
export type ClockFormat = 'locale' | 'h23' | 'h12';

export interface DisplayPrefs {
  theme: ThemeName;
  clock: ClockFormat;
}

const KEY = 'watchfloor.display';
const DEFAULTS: DisplayPrefs = { theme: 'dark', clock: 'h23' };
const THEMES: readonly ThemeName[] = ['dark', 'light'];
const CLOCKS: readonly ClockFormat[] = ['locale', 'h23', 'h12'];

function read(): DisplayPrefs {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<Record<keyof DisplayPrefs, unknown>>) : {};
    return {
      theme: THEMES.includes(parsed.theme as ThemeName) ? (parsed.theme as ThemeName) : DEFAULTS.theme,
      clock: CLOCKS.includes(parsed.clock as ClockFormat) ? (parsed.clock as ClockFormat) : DEFAULTS.clock,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

let current = read();
const listeners = new Set<() => void>();

export function getDisplayPrefs(): DisplayPrefs {
  return current;
}

/** Changes and remembers part of the preferences; every subscriber hears of it. */
export function setDisplayPrefs(patch: Partial<DisplayPrefs>): void {
  current = { ...current, ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // A profile that cannot store (private mode, quota) still switches for this page.
  }
  for (const l of listeners) l();
}

export function subscribeDisplayPrefs(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useDisplayPrefs(): DisplayPrefs {
  return useSyncExternalStore(subscribeDisplayPrefs, getDisplayPrefs, getDisplayPrefs);
}
