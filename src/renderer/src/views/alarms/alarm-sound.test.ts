// The beep is for what is new and critical: not for what was already there, not twice for the
// same occurrence, again when the same alarm comes back; and the mute survives a reload.
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../../shared/domain';
import { CriticalWatch, readMuted, writeMuted } from './alarm-sound';

const a = (id: number, over: Partial<Alarm> = {}) =>
  ({ id, priority: 'critical', state: 'unack_active', count: 1, ...over }) as Alarm;

describe('critical alarm sound', () => {
  it('sounds for a new critical unacknowledged occurrence only', () => {
    const w = new CriticalWatch();
    expect(w.next([a(1)])).toBe(false); // there at start-up
    expect(w.next([a(1)])).toBe(false);
    expect(w.next([a(1), a(2, { priority: 'high' })])).toBe(false);
    expect(w.next([a(1), a(3)])).toBe(true);
    expect(w.next([a(1), a(3, { state: 'ack_active' })])).toBe(false);
    expect(w.next([a(1, { count: 2 })])).toBe(true); // came back
  });

  it('keeps the mute in storage', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(readMuted(storage)).toBe(false);
    writeMuted(true, storage);
    expect(readMuted(storage)).toBe(true);
  });
});
